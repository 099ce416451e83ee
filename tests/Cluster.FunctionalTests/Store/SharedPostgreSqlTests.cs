using Cluster.FunctionalTests.Fixtures;
using Cluster.Tests.Fixtures;

namespace Cluster.FunctionalTests.Store;

public sealed class SharedPostgreSqlTests(PostgresServer postgres) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task TwoGateways_SharedPostgreSql_RouteASessionToTheSameSilo()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Gateway:Store:Provider"] = "PostgreSql",
            ["Gateway:Store:ConnectionString"] = await postgres.CreateDatabaseAsync(),

            // The test is about session ownership, not failure detection: a slow heartbeat under a busy suite must not drop a silo.
            ["Gateway:Membership:HeartbeatTimeout"] = "00:00:10",
        };
        await using var first = await GatewayHost.StartAsync(settings);
        await using var second = await GatewayHost.StartAsync(settings);

        // Silos heartbeat into the first gateway only; the second learns them from the store.
        var silos = new List<StubSilo>();
        for (var i = 0; i < 3; i++)
        {
            silos.Add(await StubSilo.StartAsync($"silo-{i}", first.Address));
        }

        try
        {
            // Each gateway reads membership from the store on its own timer: both must have seen the silos.
            await first.WaitForSilosAsync(3);
            await second.WaitForSilosAsync(3);
            for (var s = 0; s < 4; s++)
            {
                using var a = await Chat.PostAsync(first.Client, Chat.Body("tiny", ("user", "one")), $"shared-{s}");
                using var b = await Chat.PostAsync(second.Client, Chat.Body("tiny", ("user", "two")), $"shared-{s}");
                using var c = await Chat.PostAsync(first.Client, Chat.Body("tiny", ("user", "three")), $"shared-{s}");
                Assert.Equal("session", Chat.Where(b).Route);
                Assert.Equal(Chat.Where(a).Silo, Chat.Where(b).Silo);
                Assert.Equal(Chat.Where(a).Silo, Chat.Where(c).Silo);
            }

            // A new session raced through both gateways at once still has one owner.
            var race = await Task.WhenAll(
                Chat.PostAsync(first.Client, Chat.Body("tiny", ("user", "x")), "raced"),
                Chat.PostAsync(second.Client, Chat.Body("tiny", ("user", "x")), "raced"));
            Assert.Equal(Chat.Where(race[0]).Silo, Chat.Where(race[1]).Silo);
            Array.ForEach(race, r => r.Dispose());
        }
        finally
        {
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
        }
    }
}
