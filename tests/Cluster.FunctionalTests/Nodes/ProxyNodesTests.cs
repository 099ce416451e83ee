using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;
using OpenAI;
using OpenAI.Chat;

namespace Cluster.FunctionalTests.Nodes;

/// <summary>LMDeploy's proxy node API on the gateway, with a real external OpenAI-compatible server (llama-server's answers and error shapes) next to a real silo.</summary>
public sealed class ProxyNodesTests
{
    private const string ExternalModel = "ext-model";
    private const string AdminKey = "admin-secret";
    private const string UserKey = "sk-user";

    private static readonly Dictionary<string, string?> AuthOn = new()
    {
        ["Gateway:Auth:Enabled"] = "true",
        ["Gateway:Auth:AdminKey"] = AdminKey,
        ["Gateway:Auth:Keys:0:Name"] = "user",
        ["Gateway:Auth:Keys:0:Key"] = UserKey,
    };

    [Fact]
    public async Task NodesAdd_ExternalServer_ListedRoutedWithoutCredentials()
    {
        await using var external = await LlamaServerLookalike.StartAsync(ExternalModel);
        await using var cluster = await RealCluster.StartAsync(1, AuthOn);
        using var admin = Client(cluster, AdminKey);

        Assert.Equal("Added successfully", await AddAsync(admin, $$$"""{"url":"{{{external.Url}}}/","status":{"models":["{{{ExternalModel}}}"],"speed":5,"unfinished":0,"latency":[]}}"""));

        var status = await admin.GetFromJsonAsync<JsonElement>("/nodes/status");
        var node = status.GetProperty(external.Url);
        Assert.Equal([ExternalModel], node.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(("external", true, 5), (node.GetProperty("kind").GetString(), node.GetProperty("healthy").GetBoolean(), node.GetProperty("speed").GetInt32()));
        var silo = Assert.Single(status.EnumerateObject(), entry => entry.Value.GetProperty("kind").GetString() == "silo");
        Assert.Equal([DemoModel.Id], silo.Value.GetProperty("models").EnumerateArray().Select(m => m.GetString()));

        using var user = Client(cluster, UserKey);
        var models = await user.GetFromJsonAsync<JsonElement>("/v1/models");
        Assert.Equal([DemoModel.Id, ExternalModel], models.GetProperty("data").EnumerateArray().Select(m => m.GetProperty("id").GetString()));

        var chat = new ChatClient(ExternalModel, new ApiKeyCredential(UserKey), new OpenAIClientOptions { Endpoint = new Uri(cluster.Gateway.Address, "/v1") });
        ChatCompletion answer = await chat.CompleteChatAsync([new UserChatMessage("hi")]);
        Assert.Equal("from external", answer.Content[0].Text);
        var streamed = new System.Text.StringBuilder();
        await foreach (var update in chat.CompleteChatStreamingAsync([new UserChatMessage("hi")]))
        {
            streamed.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
        }

        Assert.Equal("from external", streamed.ToString());
        using var routed = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(ExternalModel, ("user", "hi")), apiKey: UserKey);
        Assert.Equal((external.Url, "external"), Chat.Where(routed));
        Assert.All(external.ReceivedHeaders, headers => Assert.DoesNotContain(headers, h => h.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || h.StartsWith("X-Cluster-", StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData("llama-400", HttpStatusCode.BadRequest, "invalid_request_error", null, "the request exceeds the available context size")]
    [InlineData("vllm-400", HttpStatusCode.BadRequest, "invalid_request_error", "max_tokens", "max_tokens is too large")]
    [InlineData("text-500", HttpStatusCode.InternalServerError, "server_error", null, "upstream exploded")]
    [InlineData("fastapi-422", HttpStatusCode.UnprocessableEntity, "invalid_request_error", null, """[{"loc":["body","messages"],"msg":"field required","type":"missing"}]""")]
    public async Task Chat_ExternalNodeError_OpenAIShapeWithItsStatus(string trigger, HttpStatusCode status, string type, string? param, string message)
    {
        await using var external = await LlamaServerLookalike.StartAsync(ExternalModel);
        await using var cluster = await RealCluster.StartAsync(1);
        Assert.Equal("Added successfully", await AddAsync(cluster.Gateway.Client, $$"""{"url":"{{external.Url}}"}"""));

        using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(ExternalModel, ("user", trigger)));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(["error"], body.EnumerateObject().Select(p => p.Name));
        var error = body.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.Equal($"{message} (from external node {external.Url})", error.GetProperty("message").GetString());
        Assert.Equal((type, param, null), (error.GetProperty("type").GetString(), error.GetProperty("param").GetString(), error.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task NodesRemove_AddedNode_ItsModel404AndSecondRemove404()
    {
        await using var external = await LlamaServerLookalike.StartAsync(ExternalModel);
        await using var cluster = await RealCluster.StartAsync(1);
        var gateway = cluster.Gateway.Client;
        await AddAsync(gateway, $$"""{"url":"{{external.Url}}/v1"}""");

        using (var removed = await gateway.PostAsync($"/nodes/remove?node_url={Uri.EscapeDataString(external.Url)}", null))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
            Assert.Equal("Deleted successfully", await removed.Content.ReadFromJsonAsync<string>());
        }

        using var chat = await Chat.PostAsync(gateway, Chat.Body(ExternalModel, ("user", "hi")));
        Assert.Equal(HttpStatusCode.NotFound, chat.StatusCode);
        Assert.Equal("model_not_found", (await Chat.ErrorAsync(chat)).GetProperty("code").GetString());
        Assert.False((await gateway.GetFromJsonAsync<JsonElement>("/nodes/status")).TryGetProperty(external.Url, out _));
        using var again = await gateway.PostAsync($"/nodes/remove?node_url={Uri.EscapeDataString(external.Url)}", null);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("node_not_found", (await Chat.ErrorAsync(again)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Chat_ExternalNodeDied_503AndMarkedUnhealthy()
    {
        await using var external = await LlamaServerLookalike.StartAsync(ExternalModel);
        await using var cluster = await RealCluster.StartAsync(1);
        var gateway = cluster.Gateway.Client;
        await AddAsync(gateway, $$"""{"url":"{{external.Url}}"}""");
        await external.StopAsync();

        using (var refused = await Chat.PostAsync(gateway, Chat.Body(ExternalModel, ("user", "hi"))))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("no_silo_available", (await Chat.ErrorAsync(refused)).GetProperty("code").GetString());
        }

        var node = (await gateway.GetFromJsonAsync<JsonElement>("/nodes/status")).GetProperty(external.Url);
        Assert.False(node.GetProperty("healthy").GetBoolean());
        Assert.StartsWith("a forwarded request failed", node.GetProperty("last_error").GetString(), StringComparison.Ordinal);
        using var stillRefused = await Chat.PostAsync(gateway, Chat.Body(ExternalModel, ("user", "hi")));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, stillRefused.StatusCode);
        Assert.DoesNotContain((await gateway.GetFromJsonAsync<JsonElement>("/v1/models")).GetProperty("data").EnumerateArray(), m => m.GetProperty("id").GetString() == ExternalModel);
    }

    [Fact]
    public async Task Chat_ModelOnSiloAndExternalNode_SiloServesIt()
    {
        await using var external = await LlamaServerLookalike.StartAsync(DemoModel.Id);
        await using var cluster = await RealCluster.StartAsync(1);
        await AddAsync(cluster.Gateway.Client, $$"""{"url":"{{external.Url}}"}""");

        using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(cluster.Silos[0].Name, Chat.Where(response).Silo);
        Assert.Empty(external.ReceivedHeaders);
    }

    [Fact]
    public async Task NodesApi_WithoutAdminKeyOrBadInput_RefusedInOpenAIShape()
    {
        await using var external = await LlamaServerLookalike.StartAsync(ExternalModel);
        await using var cluster = await RealCluster.StartAsync(1, AuthOn);
        using var user = Client(cluster, UserKey);
        using (var status = await user.GetAsync("/nodes/status"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status.StatusCode);
        }

        using var admin = Client(cluster, AdminKey);
        foreach (var (body, param) in new[] { ("""{"url":"ftp://x"}""", "url"), ("""{"status":{}}""", "url"), ("not json", (string?)null) })
        {
            using var refused = await admin.PostAsync("/nodes/add", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(param, (await Chat.ErrorAsync(refused)).GetProperty("param").GetString());
        }

        using var notServed = await admin.PostAsync("/nodes/add", new StringContent($$$"""{"url":"{{{external.Url}}}","status":{"models":["other-model"]}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, notServed.StatusCode);
        Assert.Equal($"{external.Url} does not serve other-model (its /v1/models lists {ExternalModel}); the node was not added",
            (await Chat.ErrorAsync(notServed)).GetProperty("message").GetString());
        await external.StopAsync();
        using var unreachable = await admin.PostAsync("/nodes/add", JsonContent.Create(new { url = external.Url }));
        Assert.Equal(HttpStatusCode.BadRequest, unreachable.StatusCode);
        Assert.StartsWith($"GET {external.Url}/v1/models failed", (await Chat.ErrorAsync(unreachable)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesAdd_OnOneGateway_OtherGatewayRoutesProbesAndRemoves()
    {
        var fastProbes = new Dictionary<string, string?> { ["Gateway:ExternalNodes:CheckInterval"] = "00:00:00.200" };
        await using var external = await LlamaServerLookalike.StartAsync(ExternalModel);
        await using var cluster = await RealCluster.StartAsync(1, fastProbes);
        var second = (await cluster.StartGatewayAsync(fastProbes)).Client;
        await AddAsync(cluster.Gateway.Client, $$"""{"url":"{{external.Url}}"}""");

        await WaitForNodeAsync(second, external.Url, node => node?.GetProperty("healthy").GetBoolean() == true);
        using (var answered = await Chat.PostAsync(second, Chat.Body(ExternalModel, ("user", "hi"))))
        {
            Assert.Equal("from external", await Chat.AnswerAsync(answered));
        }

        await external.StopAsync();
        var down = await WaitForNodeAsync(second, external.Url, node => node?.GetProperty("healthy").GetBoolean() == false);
        Assert.StartsWith($"GET {external.Url}/v1/models failed", down!.Value.GetProperty("last_error").GetString(), StringComparison.Ordinal);

        using (var removed = await second.PostAsync($"/nodes/remove?node_url={Uri.EscapeDataString(external.Url)}", null))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        await WaitForNodeAsync(cluster.Gateway.Client, external.Url, node => node is null);
    }

    // Polls GET /nodes/status until the node's entry (null when absent) satisfies the condition; fails after 30 s.
    private static async Task<JsonElement?> WaitForNodeAsync(HttpClient gateway, string url, Func<JsonElement?, bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var status = await gateway.GetFromJsonAsync<JsonElement>("/nodes/status");
            JsonElement? node = status.TryGetProperty(url, out var entry) ? entry : null;
            if (condition(node))
            {
                return node;
            }

            Assert.True(DateTime.UtcNow < deadline, $"/nodes/status never reached the expected state for {url}: {status}");
            await Task.Delay(50);
        }
    }

    private static HttpClient Client(RealCluster cluster, string key)
    {
        var client = new HttpClient { BaseAddress = cluster.Gateway.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<string?> AddAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/nodes/add", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<string>();
    }
}
