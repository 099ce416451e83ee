using Cluster.Contracts.Membership;
using Cluster.Contracts.Store;
using Cluster.Grains.Tests.Fixtures;

namespace Cluster.Gateway.Tests.Store;

/// <summary>The behaviour every cluster store must have; each implementation's test class runs these.</summary>
public abstract class ClusterStoreContract
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>A new, empty, initialised store whose membership records are read on <paramref name="readerClock"/>.</summary>
    protected abstract Task<IClusterStore> CreateStoreAsync(TimeProvider readerClock);

    [Fact]
    public async Task UpsertSilo_SecondHeartbeat_KeepsOperatorDrainMark()
    {
        var readerClock = new ManualClock();
        var store = await CreateStoreAsync(readerClock);
        await store.UpsertSiloAsync(Heartbeat("a", queue: 1), default);
        Assert.True(await store.SetDrainingAsync("a", true, default));
        await store.UpsertSiloAsync(Heartbeat("a", queue: 7), default);

        var silo = Assert.Single(await store.ListSilosAsync(default));
        Assert.Equal(7, silo.Heartbeat.QueueDepth);
        Assert.Equal(["m1", "m2"], silo.Heartbeat.Models);
        Assert.True(silo.Draining);

        // Just now on the reader's clock, whatever clock stamped it (PostgreSQL's own, in real time, is years away from this one).
        Assert.InRange(readerClock.GetUtcNow() - silo.LastHeartbeat, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SetDraining_UnknownSilo_ReturnsFalse()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        Assert.False(await store.SetDrainingAsync("nobody", true, default));
    }

    [Fact]
    public async Task RemoveSilo_KnownSilo_IsGone()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        await store.UpsertSiloAsync(Heartbeat("a"), default);
        await store.RemoveSiloAsync("a", default);
        Assert.Empty(await store.ListSilosAsync(default));
    }

    [Fact]
    public async Task ClaimSession_SecondClaimant_GetsFirstOwner()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        var first = await store.ClaimSessionAsync("h:s", "m1", "a", T0, default);
        var second = await store.ClaimSessionAsync("h:s", "m1", "b", T0.AddSeconds(1), default);

        Assert.Equal("a", first.SiloId);
        Assert.Equal("a", second.SiloId);
        Assert.Equal("a", (await store.FindSessionAsync("h:s", default))!.SiloId);
    }

    [Fact]
    public async Task MoveSession_StaleFromSilo_KeepsCurrentOwner()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        await store.ClaimSessionAsync("h:s", "m1", "a", T0, default);
        var moved = await store.MoveSessionAsync("h:s", "a", "b", T0.AddSeconds(1), default);
        var stale = await store.MoveSessionAsync("h:s", "a", "c", T0.AddSeconds(2), default);

        Assert.Equal("b", moved!.SiloId);
        Assert.Equal("b", stale!.SiloId);
        Assert.Null(await store.MoveSessionAsync("h:none", "a", "b", T0, default));
    }

    [Fact]
    public async Task RemoveSession_WithHistory_RemovesBoth()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        await store.ClaimSessionAsync("h:s", "m1", "a", T0, default);
        await store.SaveHistoryAsync("h:s", "m1", """[{"role":"user","content":"hi"}]""", T0, default);
        Assert.Equal("""[{"role":"user","content":"hi"}]""", await store.GetHistoryAsync("h:s", default));

        await store.RemoveSessionAsync("h:s", default);

        Assert.Null(await store.FindSessionAsync("h:s", default));
        Assert.Null(await store.GetHistoryAsync("h:s", default));
    }

    [Fact]
    public async Task ListSessions_Limit_NewestFirst()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        await store.ClaimSessionAsync("h:1", "m1", "a", T0, default);
        await store.ClaimSessionAsync("h:2", "m1", "a", T0.AddSeconds(1), default);
        await store.ClaimSessionAsync("h:3", "m1", "a", T0.AddSeconds(2), default);

        Assert.Equal(["h:3", "h:2"], (await store.ListSessionsAsync(2, default)).Select(s => s.Key));
    }

    [Fact]
    public async Task ApiKeys_AddFindRemove_ByHash()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        var key = new ApiKeyRecord("k1", "test", ApiKeyHash.Compute("sk-1"), 10, 1000, T0);
        Assert.True(await store.AddApiKeyAsync(key, default));
        Assert.False(await store.AddApiKeyAsync(key with { Id = "k2" }, default));

        Assert.Equal(key, await store.FindApiKeyAsync(ApiKeyHash.Compute("sk-1"), default));
        Assert.Null(await store.FindApiKeyAsync(ApiKeyHash.Compute("sk-2"), default));
        Assert.True(await store.RemoveApiKeyAsync("k1", default));
        Assert.False(await store.RemoveApiKeyAsync("k1", default));
        Assert.Empty(await store.ListApiKeysAsync(default));
    }

    [Fact]
    public async Task AddUsage_TwoRequests_Accumulates()
    {
        var store = await CreateStoreAsync(TimeProvider.System);
        await store.AddUsageAsync("k1", new TokenUsage(1, 10, 5, 2), default);
        await store.AddUsageAsync("k1", new TokenUsage(1, 3, 4, 0), default);

        Assert.Equal(new TokenUsage(2, 13, 9, 2), (await store.ListUsageAsync(default))["k1"]);
    }

    /// <summary>A silo heartbeat with two models and the given queue depth.</summary>
    protected static SiloHeartbeat Heartbeat(string id, int queue = 0) =>
        new(id, $"http://127.0.0.1:1/{id}", ["m1", "m2"], "CPU", 1024, 4, 1, queue, 100, 1000, 2);
}
