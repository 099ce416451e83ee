using System.Net;
using Cluster.Contracts.Store;
using Cluster.FunctionalTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.FunctionalTests.Routing;

public sealed class SessionMovedForwardingTests
{
    [Fact]
    public async Task SessionTurn_OwnerAnswersSessionMovedAfterAHandOver_FollowedToTheNewOwner()
    {
        await using var cluster = await StubCluster.StartAsync(2);
        var client = cluster.Gateway.Client;
        string owner;
        using (var first = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "one")), "s"))
        {
            owner = Chat.Where(first).Silo;
        }

        // Another gateway hands the session over while this turn is on its way: the old owner is fenced by then.
        var other = owner == "silo-0" ? "silo-1" : "silo-0";
        var directory = cluster.Gateway.Services.GetRequiredService<ISessionDirectory>();
        cluster[owner].Fenced = session => directory.MoveSessionAsync("h:" + session, owner, other, DateTimeOffset.UtcNow, CancellationToken.None);
        using var next = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "two")), "s");

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal((other, "session"), Chat.Where(next));
        Assert.Equal(cluster[other].AnswerFor(1), await Chat.AnswerAsync(next));
        Assert.Equal(["s", "s"], cluster[owner].SessionHeaders);
        Assert.Equal(["s"], cluster[other].SessionHeaders);
        Assert.Equal(other, (await directory.FindSessionAsync("h:s", CancellationToken.None))?.SiloId);
    }

    [Fact]
    public async Task SessionTurn_OwnerStaysFencedAndTheStoreUnchanged_503SessionMovingWithRetryAfter()
    {
        await using var cluster = await StubCluster.StartAsync(2, new Dictionary<string, string?> { ["Gateway:Drain:PassInterval"] = "00:00:00.300" });
        var client = cluster.Gateway.Client;
        string owner;
        using (var first = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "one")), "s"))
        {
            owner = Chat.Where(first).Silo;
        }

        cluster[owner].Fenced = _ => Task.CompletedTask;
        using var next = await Chat.PostAsync(client, Chat.Body("tiny", ("user", "two")), "s");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, next.StatusCode);
        Assert.Equal("1", next.Headers.RetryAfter?.ToString());
        var error = await Chat.ErrorAsync(next);
        Assert.Equal($"Silo {owner} refused the session as moving to another silo, and the move has not finished; retry after the time in Retry-After.",
            error.GetProperty("message").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("session_moving", error.GetProperty("code").GetString());

        // Tried on the owner, then once more after the wait: the store still names it.
        Assert.Equal(["s", "s", "s"], cluster[owner].SessionHeaders);
        Assert.Empty(cluster[owner == "silo-0" ? "silo-1" : "silo-0"].SessionHeaders);
    }
}
