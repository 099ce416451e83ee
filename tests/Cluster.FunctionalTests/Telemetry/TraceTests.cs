using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Telemetry;

public sealed class TraceTests
{
    private static readonly TimeSpan ExportWait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ChatThroughTheGateway_CallerTraceSampledAndRatioZero_SiloAndSchedulerSpansAreChildrenOfTheGatewaysCall()
    {
        await using var collector = await OtlpCollector.StartAsync();
        var endpoint = collector.Address.ToString();
        // Ratio 0: no process starts a trace of its own, so a silo span exists only because the caller's sampled context reached it through the gateway.
        await using var cluster = await RealCluster.StartAsync(
            new ClusterSettings(),
            1,
            new Dictionary<string, string?> { ["Telemetry:OtlpEndpoint"] = endpoint, ["Telemetry:OtlpProtocol"] = "HttpProtobuf", ["Telemetry:TraceSampleRatio"] = "0" },
            $"--Telemetry:OtlpEndpoint={endpoint}",
            "--Telemetry:OtlpProtocol=HttpProtobuf",
            "--Telemetry:TraceSampleRatio=0");
        var traceId = Convert.FromHexString("4bf92f3577b34da6a3ce929d0e0e4736");
        var callerSpanId = Convert.FromHexString("00f067aa0ba902b7");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Chat.Body(DemoModel.Id, ("user", "trace me"))) };
        request.Headers.Add("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
        // A client of its own: the test process hosts the gateway, whose span listener would otherwise make the test's HttpClient send a trace context of its own.
        using var client = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = cluster.Gateway.Address };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        Assert.True(await collector.WaitForTraceAsync(ExportWait, traceId, Utf8("cluster-gateway")), "the gateway exported no span of the caller's trace: " + collector.Describe(traceId, Utf8("cluster-gateway"), Utf8("cluster-silo"), Utf8("generate")));
        Assert.True(await collector.WaitForTraceAsync(ExportWait, traceId, Utf8("cluster-silo"), Utf8("generate")), "the silo exported no request and scheduler spans of the caller's trace: " + collector.Describe(traceId, Utf8("cluster-gateway"), Utf8("cluster-silo"), Utf8("generate")));

        // The gateway's server span names the caller's span as its parent; the silo's spans name the gateway's call instead (had the gateway passed the
        // caller's traceparent through, the silo's request span would name the caller's span).
        Assert.NotEmpty(collector.TracesWith(traceId, Utf8("cluster-gateway"), callerSpanId));
        Assert.Empty(collector.TracesWith(traceId, Utf8("cluster-silo"), callerSpanId));
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
