using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Telemetry;

public sealed class MetricsTests
{
    [Fact]
    public async Task GatewayMetrics_AfterRequests_CountEachRouteAndStatusExactly()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var client = cluster.Gateway.Client;
        for (var i = 0; i < 3; i++)
        {
            using var ok = await Chat.PostAsync(client, Chat.Body(DemoModel.Id, ("user", $"hello {i}")));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        for (var i = 0; i < 2; i++)
        {
            using var bad = await client.PostAsync(new Uri("/v1/chat/completions", UriKind.Relative), new StringContent("{not json", Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }

        // The count is taken when the gateway's handler returns, which may be just after the client read the end of the answer.
        var metrics = await ScrapeUntilAsync(client, cluster.Gateway.Address, m => m.Sum("cluster_gateway_requests_total") >= 5);

        Assert.Equal(3, metrics.Sum("cluster_gateway_requests_total", ("route", "/v1/chat/completions"), ("status", "200")));
        Assert.Equal(2, metrics.Sum("cluster_gateway_requests_total", ("route", "/v1/chat/completions"), ("status", "400")));
        Assert.Equal(5, metrics.Sum("cluster_gateway_requests_total"));
        Assert.Equal(3, metrics.Sum("cluster_gateway_routing_decisions_total"));
        Assert.Equal(0, metrics.Sum("cluster_gateway_failovers_total"));
        Assert.True(metrics.HasMetricStartingWith("orleans_"), "Orleans' own meter is exported:\n" + metrics.Text);
    }

    [Fact]
    public async Task SiloMetrics_AfterRequests_TokensAndLatenciesMatchTheUsageReportedAndNoDirectoryCacheSize()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var client = cluster.Gateway.Client;
        var usages = new List<JsonElement>();
        for (var i = 0; i < 4; i++)
        {
            var body = Chat.Body(DemoModel.Id, ("user", $"count the tokens {i}"));
            body["max_tokens"] = 8;
            body["seed"] = i;
            using var response = await Chat.PostAsync(client, body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            usages.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("usage"));
        }

        var nodes = await client.GetFromJsonAsync<JsonElement>("/admin/nodes");
        var scrapes = new List<PrometheusText>();
        foreach (var node in nodes.EnumerateArray())
        {
            scrapes.Add(await PrometheusText.ScrapeAsync(client, new Uri(node.GetProperty("http_address").GetString()!)));
        }

        var completion = usages.Select(u => u.GetProperty("completion_tokens").GetInt32()).ToList();
        Assert.Equal(completion.Sum(), scrapes.Sum(m => m.Sum("cluster_inference_output_tokens_total", ("model", DemoModel.Id))));
        Assert.Equal(usages.Sum(u => u.GetProperty("prompt_tokens").GetInt32()), scrapes.Sum(m => m.Sum("cluster_inference_prompt_tokens_total")));
        Assert.Equal(usages.Sum(u => u.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32()), scrapes.Sum(m => m.Sum("cluster_inference_cached_tokens_total")));
        Assert.Equal(4, scrapes.Sum(m => m.Sum("cluster_inference_generations_total")));
        Assert.Equal(completion.Count(c => c > 0), scrapes.Sum(m => m.Sum("cluster_inference_time_to_first_token_seconds_count")));
        Assert.Equal(completion.Where(c => c > 0).Sum(c => c - 1), scrapes.Sum(m => m.Sum("cluster_inference_inter_token_latency_seconds_count")));
        foreach (var (node, metrics) in nodes.EnumerateArray().Zip(scrapes))
        {
            var model = node.GetProperty("models")[0];
            Assert.Equal(model.GetProperty("kv_tokens_capacity").GetInt64(), metrics.Sum("cluster_scheduler_kv_tokens_capacity", ("model", DemoModel.Id)));
            Assert.Equal(0, metrics.Sum("cluster_scheduler_queue_depth"));
            Assert.True(metrics.HasMetricStartingWith("orleans_"), "Orleans' own meter is exported:\n" + metrics.Text);

            // Every reading of this gauge walks the whole grain-directory cache: not exported (bench/results/telemetry-cost-cpu.md).
            Assert.False(metrics.HasMetricStartingWith("orleans_directory_cache_size"), "the directory cache's size is not exported:\n" + metrics.Text);
        }
    }

    private static async Task<PrometheusText> ScrapeUntilAsync(HttpClient client, Uri address, Func<PrometheusText, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var metrics = await PrometheusText.ScrapeAsync(client, address);
            if (done(metrics) || DateTime.UtcNow > deadline)
            {
                return metrics;
            }

            await Task.Delay(50);
        }
    }
}
