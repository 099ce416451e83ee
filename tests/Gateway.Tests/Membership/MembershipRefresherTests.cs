using Cluster.Contracts.Membership;
using Cluster.Gateway.Membership;
using Cluster.Gateway.Store;
using Cluster.Grains.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Tests.Membership;

public sealed class MembershipRefresherTests
{
    private static readonly MembershipOptions Settings = new() { HeartbeatTimeout = TimeSpan.FromSeconds(3), ForgetAfter = TimeSpan.FromMinutes(10) };

    [Fact]
    public async Task Refresh_SilentPastForgetAfter_RowRemovedWhileMerelyDeadOnesStay()
    {
        var clock = new ManualClock();
        var store = new InMemoryClusterStore(clock);
        var view = new ClusterView();
        var refresher = new MembershipRefresher(store, view, new SiloProxyConfigProvider(Options.Create(Settings)), Options.Create(Settings), clock,
            NullLogger<MembershipRefresher>.Instance);
        await store.UpsertSiloAsync(Heartbeat("crashed"), default);
        clock.Advance(TimeSpan.FromMinutes(9));
        await store.UpsertSiloAsync(Heartbeat("stalled"), default);
        clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        await store.UpsertSiloAsync(Heartbeat("live"), default);

        await refresher.RefreshAsync(default);

        // "crashed" has been silent 10 min 1 s: gone from the store. "stalled" (61 s) is out of the live set but kept.
        Assert.Equal(["live", "stalled"], (await store.ListSilosAsync(default)).Select(silo => silo.SiloId).Order());
        Assert.Equal(["live"], view.Live.Select(silo => silo.Id));
        Assert.Equal(["live", "stalled"], view.All.Select(silo => silo.Id).Order());
    }

    private static SiloHeartbeat Heartbeat(string id) => new(id, $"http://127.0.0.1:1/{id}", ["m1"], "CPU", 1024, 4, 1, 0, 100, 1000, 0);
}
