using System.Diagnostics;
using System.Net;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Routing;

public sealed class FailoverTests
{
    [Fact]
    public async Task StreamCutMidway_ClientGetsErrorEventPromptly()
    {
        await using var cluster = await StubCluster.StartAsync(1);
        cluster.Silos[0].CutStreamAfter = 2;
        var body = Chat.Body("tiny", ("user", "hi"));
        body["stream"] = true;

        var clock = Stopwatch.StartNew();
        using var response = await Chat.PostAsync(cluster.Gateway.Client, body, completion: HttpCompletionOption.ResponseHeadersRead);
        var text = await response.Content.ReadAsStringAsync();
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, events.Length);
        Assert.StartsWith("data: {\"error\":{", events[^1], StringComparison.Ordinal);
        Assert.Contains("\"code\":\"upstream_stream_cut\"", events[^1], StringComparison.Ordinal);
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Silo503BeforeAnswer_RetriedOnAnotherSilo()
    {
        await using var cluster = await StubCluster.StartAsync(2);
        cluster.Silos[0].Unavailable = true;

        for (var i = 0; i < 4; i++)
        {
            using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body("tiny", ("user", $"q{i}")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("silo-1", Chat.Where(response).Silo);
        }
    }

    [Fact]
    public async Task AllSilos503_LastAnswerPassesThrough()
    {
        await using var cluster = await StubCluster.StartAsync(2);
        cluster.Silos[0].Unavailable = true;
        cluster.Silos[1].Unavailable = true;

        using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body("tiny", ("user", "q")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("server_error", (await Chat.ErrorAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task SiloKilled_StatelessRequestsGoToTheOthers()
    {
        await using var cluster = await StubCluster.StartAsync(2);
        await cluster.Silos[0].KillAsync();

        for (var i = 0; i < 4; i++)
        {
            using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body("tiny", ("user", $"q{i}")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("silo-1", Chat.Where(response).Silo);
        }

        // Missed heartbeats take it out of the cluster.
        await cluster.Gateway.WaitForSilosAsync(1, TimeSpan.FromSeconds(5));
    }
}
