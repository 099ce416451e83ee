using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Routing;

public sealed class PrefixAffinityTests
{
    [Fact]
    public async Task MultiTurnChats_FullHistoryResent_LaterTurnsHitTheFirstSilo()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var hits = 0;
        for (var c = 0; c < 3; c++)
        {
            var messages = new List<(string, string)> { ("system", $"conversation {c}") };
            string? first = null;
            for (var turn = 0; turn < 4; turn++)
            {
                messages.Add(("user", $"question {turn}"));
                using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, [.. messages]));
                var (silo, route) = Chat.Where(response);
                messages.Add(("assistant", await Chat.AnswerAsync(response)));
                if (turn == 0)
                {
                    first = silo;
                    Assert.Equal("load", route);
                }
                else
                {
                    Assert.Equal(first, silo);
                    hits += route == "prefix" ? 1 : 0;
                }
            }
        }

        Assert.Equal(9, hits);
    }
}
