using Cluster.Contracts.Store;
using Cluster.Gateway.Store;
using Cluster.Grains.Tests.Fixtures;

namespace Cluster.Gateway.Tests.Store;

public sealed class InMemoryClusterStoreTests : ClusterStoreContract
{
    [Fact]
    public async Task ListSilos_ClockMovedOn_LastHeartbeatIsWhenItArrived()
    {
        var clock = new ManualClock();
        var store = new InMemoryClusterStore(clock);
        var arrived = clock.GetUtcNow();
        await store.UpsertSiloAsync(Heartbeat("a"), default);
        clock.Advance(TimeSpan.FromSeconds(5));

        var silo = Assert.Single(await store.ListSilosAsync(default));

        Assert.Equal(arrived, silo.LastHeartbeat);
    }

    protected override Task<IClusterStore> CreateStoreAsync(TimeProvider readerClock) => Task.FromResult<IClusterStore>(new InMemoryClusterStore(readerClock));
}
