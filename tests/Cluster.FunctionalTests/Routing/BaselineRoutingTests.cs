using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Routing;

/// <summary>The baseline policies that session and prefix routing are measured against (bench/session-routing.sh).</summary>
public sealed class BaselineRoutingTests
{
    [Fact]
    public async Task RoundRobin_SameConversationResent_AlternatesBetweenBothSilos()
    {
        await using var cluster = await RealCluster.StartAsync(2, new Dictionary<string, string?> { ["Gateway:Routing:Policies:0"] = "round-robin" });
        var silos = new List<string?>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("system", "one conversation"), ("user", "the same question")));
            var (silo, route) = Chat.Where(response);
            await Chat.AnswerAsync(response);
            Assert.Equal("round-robin", route);
            silos.Add(silo);
        }

        // Prefix affinity would keep this conversation on one silo; round-robin visits both in turn.
        Assert.Equal(2, silos.Distinct().Count());
        Assert.All(Enumerable.Range(1, 5), i => Assert.NotEqual(silos[i - 1], silos[i]));
    }
}
