using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;
using Cluster.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace Cluster.FunctionalTests.Shutdown;

/// <summary>SIGTERM to a silo process of a Redis cluster (as Docker and Kubernetes stop it): it drains, finishes, hands over and leaves.</summary>
public sealed class SiloShutdownTests
{
    private const int StreamedTokens = 200;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigterm_StreamInFlightAndSession_StreamCompletesNewWorkGoesElsewhereSessionMovesAndSiloLeavesCleanly()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RealCluster.StartOnRedisAsync(2, redis, null, "--Logging:LogLevel:Cluster.Silo.Shutdown=Information");
        var http = cluster.Gateway.Client;
        var session = "shutdown-" + Guid.NewGuid().ToString("N")[..8];
        var first = await SessionTurn.SendAsync(http, session, "Hello, who are you?");
        var owner = cluster[first.Silo];
        var other = cluster.Silos.Single(silo => silo != owner);

        // The session's second turn streams from its owner while SIGTERM arrives.
        var body = Chat.LongStream(StreamedTokens, "Now tell me a long story.");
        using var streaming = await Chat.PostAsync(http, body, session, completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, streaming.StatusCode);
        Assert.Equal(owner.Name, Chat.Where(streaming).Silo);
        var stream = new EventStream(new StreamReader(await streaming.Content.ReadAsStreamAsync()));
        await stream.ReadDeltasAsync(1);

        await owner.Process.TerminateAsync();
        await owner.Process.WaitForLogAsync($"Silo {owner.Name} shutting down: draining, 1 requests in flight", Bound);
        await WaitUntilDrainingAsync(http, owner.Name);
        using var during = await Chat.PostAsync(http, Chat.Body(DemoModel.Id, ("user", "A new question during the shutdown")));
        var duringSilo = Chat.Where(during).Silo;
        await stream.ReadToEndAsync();
        var exitCode = await owner.Process.WaitForExitAsync(Bound);
        var leaving = await MembershipEntryAsync(cluster, owner.Name);
        var third = await SessionTurn.SendAsync(http, session, "And what happened next?");
        var summary = await http.GetFromJsonAsync<JsonElement>($"/admin/sessions/{SessionKeys.ForHeader(session)}");

        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
        Assert.Equal(other.Name, duringSilo);
        Assert.Equal(StreamedTokens, stream.CompletionTokens);
        Assert.Equal("length", stream.FinishReason);
        Assert.True(stream.Done, "the stream did not end with [DONE]");
        Assert.Equal(0, exitCode);
        Assert.Contains($"Silo {owner.Name} drained for shutdown: 1 sessions moved, 0 staying", owner.Log, StringComparison.Ordinal);
        Assert.Equal(SiloStatus.Dead, leaving.Status);
        Assert.Equal(other.Name, third.Silo);
        Assert.Equal("session", third.Route);
        Assert.Equal(6, summary.GetProperty("messages").GetInt32());
        Assert.True(third.CachedTokens > StreamedTokens, $"the moved KV held {third.CachedTokens} tokens, fewer than the streamed answer's {StreamedTokens}");
    }

    private static async Task WaitUntilDrainingAsync(HttpClient gateway, string silo)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!(await Admin.NodeAsync(gateway, silo)).GetProperty("draining").GetBoolean())
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    // What the cluster's membership table says of the silo. Read once its process has exited: a silo that left by itself wrote Dead
    // before exiting, where one that just vanished stays Active until the others miss its probes for seconds and vote it out.
    private static async Task<MembershipEntry> MembershipEntryAsync(RealCluster cluster, string silo)
    {
        var management = cluster.Gateway.Services.GetRequiredService<IClusterClient>().GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false);
        return hosts.Single(host => host.SiloName == silo);
    }
}
