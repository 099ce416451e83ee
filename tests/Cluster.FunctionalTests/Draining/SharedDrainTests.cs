using Cluster.FunctionalTests.Fixtures;
using Cluster.Tests.Fixtures;

namespace Cluster.FunctionalTests.Draining;

public sealed class SharedDrainTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task Drain_ThroughOneGateway_NextTurnThroughTheOtherContinuesOnTheNewOwner()
    {
        var database = await postgres.CreateDatabaseAsync();
        await using var cluster = await RealCluster.StartOnPostgreSqlAsync(2, database);

        // The second gateway runs no drain passes of its own here (its timer would first fire after a minute).
        await using var second = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Store:Provider"] = "PostgreSql",
            ["Gateway:Store:ConnectionString"] = database,
            ["Gateway:Drain:PassInterval"] = "00:01:00",
        });
        await second.WaitForSilosAsync(2, TimeSpan.FromSeconds(45));
        var (a, b) = (cluster.Gateway.Client, second.Client);

        // silo-1 drains first, so the session starts on silo-0 through the second gateway.
        await Admin.DrainAsync(a, "silo-1");
        var first = await SessionTurn.SendAsync(b, "shared-moved", "Tell me about rivers.");
        await Admin.UndrainAsync(a, "silo-1");
        var (_, drain) = await Admin.DrainAsync(a, "silo-0");
        var next = await SessionTurn.SendAsync(b, "shared-moved", "And then?");

        // Control: the same turns, never moved (silo-0 drains now, so it lives on silo-1).
        await SessionTurn.SendAsync(a, "shared-control", "Tell me about rivers.");
        var controlNext = await SessionTurn.SendAsync(a, "shared-control", "And then?");

        Assert.Equal(("silo-0", "session"), (first.Silo, first.Route));
        Assert.Equal("done", drain.GetProperty("sessions").GetProperty("state").GetString());
        Assert.Equal(1, drain.GetProperty("sessions").GetProperty("moved").GetInt32());
        Assert.Equal(("silo-1", "session"), (next.Silo, next.Route));
        Assert.Equal(("silo-1", "session"), (controlNext.Silo, controlNext.Route));
        Assert.Equal(controlNext.Text, next.Text);
        Assert.Equal(first.PromptTokens + first.CompletionTokens + 1, next.CachedTokens);
        Assert.Equal(controlNext.CachedTokens, next.CachedTokens);
        Assert.Empty(await Admin.SessionsOnSiloAsync(a, "silo-0"));
    }
}
