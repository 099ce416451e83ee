using Cluster.Contracts.Store;
using Cluster.Gateway.Store;
using Cluster.Gateway.Usage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Gateway.Tests.Usage;

public sealed class UsageRecorderTests
{
    [Fact]
    public async Task FlushAsync_UsageRecordedForTwoKeys_StoreHoldsEachKeysSum()
    {
        var store = new InMemoryClusterStore(TimeProvider.System);
        var recorder = new UsageRecorder(store, NullLogger<UsageRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);

        recorder.Record("k1", new TokenUsage(1, 10, 3, 4));
        recorder.Record("k2", new TokenUsage(1, 5, 1, 0));
        recorder.Record("k1", new TokenUsage(1, 7, 2, 0));
        await recorder.FlushAsync(CancellationToken.None);

        var usage = await store.ListUsageAsync(CancellationToken.None);
        Assert.Equal(new TokenUsage(2, 17, 5, 4), usage["k1"]);
        Assert.Equal(new TokenUsage(1, 5, 1, 0), usage["k2"]);
        await recorder.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task StopAsync_UsageRecordedJustBefore_IsWritten()
    {
        var store = new InMemoryClusterStore(TimeProvider.System);
        var recorder = new UsageRecorder(store, NullLogger<UsageRecorder>.Instance);
        await recorder.StartAsync(CancellationToken.None);

        for (var i = 0; i < 100; i++)
        {
            recorder.Record("k1", new TokenUsage(1, 2, 1, 0));
        }

        await recorder.StopAsync(CancellationToken.None);

        Assert.Equal(new TokenUsage(100, 200, 100, 0), (await store.ListUsageAsync(CancellationToken.None))["k1"]);
    }
}
