using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Routing;

public sealed class SessionRoutingTests
{
    [Fact]
    public async Task SessionTurns_ThreeSilos_EachSessionStaysWithItsOwner()
    {
        await using var cluster = await StubCluster.StartAsync(3);
        var owners = new Dictionary<string, string>();
        for (var turn = 0; turn < 3; turn++)
        {
            for (var s = 0; s < 6; s++)
            {
                var session = $"session-{s}";
                using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body("tiny", ("user", $"turn {turn}")), session);
                response.EnsureSuccessStatusCode();
                var (silo, route) = Chat.Where(response);
                Assert.Equal("session", route);
                Assert.Equal(owners.TryAdd(session, silo) ? silo : owners[session], silo);
            }
        }

        // New sessions go to the least loaded silo: six sessions spread two per silo.
        Assert.Equal([2, 2, 2], owners.Values.GroupBy(s => s).Select(g => g.Count()).ToArray());
        Assert.All(cluster.Silos, s => Assert.Equal(6, s.SessionHeaders.Count));
    }

    [Fact]
    public async Task SessionTurn_OwnerKilled_NextTurnElsewhereWithStoredHistory()
    {
        await using var cluster = await StubCluster.StartAsync(3);
        var client = cluster.Gateway.Client;
        string owner;
        using (var first = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "one")), "s1"))
        {
            owner = Chat.Where(first).Silo;
            Assert.Equal(cluster[owner].AnswerFor(1), await Chat.AnswerAsync(first));
        }

        // The client sends only its new message each turn: the silo keeps the history.
        using (var second = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "two")), "s1"))
        {
            Assert.Equal(owner, Chat.Where(second).Silo);
        }

        await cluster[owner].KillAsync();
        using var third = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "three")), "s1");

        third.EnsureSuccessStatusCode();
        var (silo, route) = Chat.Where(third);
        Assert.NotEqual(owner, silo);
        Assert.Equal("session", route);
        var received = cluster[silo].Requests.Last().GetProperty("messages").EnumerateArray();
        Assert.Equal(
            ["user:one", $"assistant:{cluster[owner].AnswerFor(1)}", "user:two", $"assistant:{cluster[owner].AnswerFor(1)}", "user:three"],
            received.Select(m => $"{m.GetProperty("role").GetString()}:{m.GetProperty("content").GetString()}"));

        // The move is recorded: the session stays on its new owner.
        using var fourth = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "four")), "s1");
        Assert.Equal((silo, "session"), Chat.Where(fourth));
    }

    [Fact]
    public async Task NewSessions_SiloDrained_GetNoNewSessionsButKeepOld()
    {
        await using var cluster = await StubCluster.StartAsync(2);
        var client = cluster.Gateway.Client;
        using var first = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "x")), "old");
        var drained = Chat.Where(first).Silo;

        using (var drain = await client.PostAsync($"/admin/nodes/{drained}/drain", null))
        {
            drain.EnsureSuccessStatusCode();
        }

        for (var i = 0; i < 4; i++)
        {
            using var response = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "x")), $"new-{i}");
            Assert.NotEqual(drained, Chat.Where(response).Silo);
        }

        using var again = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "y")), "old");
        Assert.Equal((drained, "session"), Chat.Where(again));
    }
}
