using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Routing;

public sealed class PrefixAffinityTests
{
    [Fact]
    public async Task MultiTurnChats_FullHistoryResent_LaterTurnsHitTheFirstSilo()
    {
        await using var cluster = await StubCluster.StartAsync(3);
        var hits = 0;
        for (var c = 0; c < 6; c++)
        {
            var messages = new List<(string, string)> { ("system", $"conversation {c}") };
            string? first = null;
            for (var turn = 0; turn < 4; turn++)
            {
                messages.Add(("user", $"question {turn}"));
                using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body("tiny", [.. messages]));
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

        Assert.Equal(18, hits);
    }

    [Fact]
    public async Task PrefixOwner_OverloadedBeyondMargin_TrafficMovesByLoad()
    {
        await using var cluster = await StubCluster.StartAsync(3);
        var client = cluster.Gateway.Client;
        var body = Chat.Body("tiny", ("system", "shared prompt"), ("user", "q"));
        string owner;
        using (var first = await Chat.PostAsync(client, body))
        {
            owner = Chat.Where(first).Silo;
        }

        using (var second = await Chat.PostAsync(client, Chat.Body("tiny", ("system", "shared prompt"), ("user", "q2"))))
        {
            Assert.Equal((owner, "prefix"), Chat.Where(second));
        }

        // Load 2.0 against 0 elsewhere: beyond the default margin of 0.5.
        cluster[owner].ReportedQueue = 8;
        await cluster[owner].HeartbeatAsync(CancellationToken.None);
        await Task.Delay(300);

        var routes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await Chat.PostAsync(client, Chat.Body("tiny", ("system", "shared prompt"), ("user", $"q{i + 3}")));
            var (silo, route) = Chat.Where(response);
            Assert.NotEqual(owner, silo);
            routes.Add(route);
        }

        // The first goes by load; the prefix then follows its new silo.
        Assert.Equal(["load", "prefix", "prefix", "prefix", "prefix", "prefix"], routes);
    }
}
