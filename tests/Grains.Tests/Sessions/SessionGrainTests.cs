using Cluster.Grains.Sessions;
using Cluster.Grains.Tests.Fixtures;
using Cluster.Inference.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Grains.Tests.Sessions;

[Collection(TestSilosCollection.Name)]
public sealed class SessionGrainTests(TestSilos silos)
{
    private static readonly ChatMessage First = new("user", "Hello there!");
    private static readonly ChatMessage Second = new("user", "And then what happened?");

    [Fact]
    public async Task LocateAsync_ModelServedByOneSilo_PlacedOnThatSiloEveryTime()
    {
        var keys = Enumerable.Range(0, 6).Select(i => $"h:solo-{i}").ToList();

        var locations = await Task.WhenAll(keys.Select(key => LocateAsync(key, new SessionClaim("key_a", TestSilos.Solo))));

        Assert.All(locations, location => Assert.Equal((SessionLocationStatus.Found, silos.KeyOf(1)), (location.Status, location.Silo)));
    }

    [Fact]
    public async Task LocateAsync_ManyNewSessionsOfAModelBothServe_SpreadOverBothSilos()
    {
        var locations = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => LocateAsync($"h:spread-{i}", new SessionClaim(null, TestSilos.Tiny))));

        Assert.All(locations, location => Assert.Equal(SessionLocationStatus.Found, location.Status));
        Assert.Equal(2, locations.Select(location => location.Silo).Distinct().Count());
    }

    [Fact]
    public async Task LocateAsync_AnotherApiKey_NotFoundAndTheOwnerStillFindsIt()
    {
        var owner = await LocateAsync("h:owned", new SessionClaim("key_a", TestSilos.Tiny));

        var stranger = await LocateAsync("h:owned", new SessionClaim("key_b", TestSilos.Tiny));
        var anonymous = await LocateAsync("h:owned", new SessionClaim(null, TestSilos.Tiny));
        var again = await LocateAsync("h:owned", new SessionClaim("key_a", TestSilos.Tiny));

        Assert.Equal(SessionLocationStatus.Found, owner.Status);
        Assert.Equal(SessionLocationStatus.NotFound, stranger.Status);
        Assert.Equal(SessionLocationStatus.NotFound, anonymous.Status);
        Assert.Equal(owner with { }, again);
        Assert.False(await silos.Grains.GetGrain<ISessionGrain>("h:owned").EndAsync(new SessionClaim("key_b", TestSilos.Tiny)));
    }

    [Fact]
    public async Task LocateAsync_OtherModelThanTheSessionWasBuiltOn_OtherModel()
    {
        await LocateAsync("h:model", new SessionClaim(null, TestSilos.Tiny));

        var other = await LocateAsync("h:model", new SessionClaim(null, TestSilos.Solo));

        Assert.Equal((SessionLocationStatus.OtherModel, TestSilos.Tiny), (other.Status, other.Model));
    }

    [Fact]
    public async Task Turn_AfterTheActivationWasCollected_HistoryComesFromGrainState()
    {
        const string key = "h:collected";
        var first = await TurnAsync(key, [First]);
        var location = await LocateAsync(key, new SessionClaim(null, TestSilos.Tiny));
        var silo = silos.Cluster.Silos.Single(s => Silos.SiloKeys.Of(s.SiloAddress) == location.Silo);

        await silos.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection([silo.SiloAddress], TimeSpan.Zero);
        var summary = await silos.Grains.GetGrain<ISessionGrain>(key).DescribeAsync();
        var second = await TurnAsync(key, [Second]);

        Assert.Equal(2, summary.Messages);
        Assert.Equal(0, second.Summary!.CachedPromptTokens);
        Assert.Equal(4, (await silos.Grains.GetGrain<ISessionGrain>(key).DescribeAsync()).Messages);
        Assert.NotEqual(first.Text, string.Empty);
    }

    [Fact]
    public async Task EndAsync_ByTheOwner_StateClearedAndTheIdFreeForANewOwner()
    {
        const string key = "h:ended";
        await TurnAsync(key, [First], owner: "key_a");

        var ended = await silos.Grains.GetGrain<ISessionGrain>(key).EndAsync(new SessionClaim("key_a", TestSilos.Tiny));
        var reused = await LocateAsync(key, new SessionClaim("key_b", TestSilos.Tiny));

        Assert.True(ended);
        Assert.Equal(SessionLocationStatus.Found, reused.Status);
        Assert.Equal(0, (await silos.Grains.GetGrain<ISessionGrain>(key).DescribeAsync()).Messages);
    }

    private async Task<SessionLocation> LocateAsync(string key, SessionClaim claim)
    {
        RequestContext.Set(SessionPlacementContext.ModelKey, claim.Model);
        try
        {
            return await silos.Grains.GetGrain<ISessionGrain>(key).LocateAsync(claim);
        }
        finally
        {
            RequestContext.Remove(SessionPlacementContext.ModelKey);
        }
    }

    // A turn as the silo's HTTP handler runs it: locate, then the runtime on the owner silo.
    private async Task<TurnOutput> TurnAsync(string key, IReadOnlyList<ChatMessage> messages, string? owner = null)
    {
        var location = await LocateAsync(key, new SessionClaim(owner, TestSilos.Tiny));
        var index = silos.KeyOf(0) == location.Silo ? 0 : 1;
        var runtime = silos.ServicesOf(index).GetRequiredService<LocalSessions>().Find(key)!;
        return await TestModels.ReadAsync(await runtime.StartTurnAsync(messages, TestModels.Greedy, CancellationToken.None));
    }
}
