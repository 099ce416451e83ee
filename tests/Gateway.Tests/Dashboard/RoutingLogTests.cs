using Cluster.Gateway.Dashboard;

namespace Cluster.Gateway.Tests.Dashboard;

public sealed class RoutingLogTests
{
    [Fact]
    public void Read_MoreThanCapacity_KeepsTheNewestFirst()
    {
        var log = new RoutingLog();
        for (var i = 0; i < RoutingLog.Capacity + 5; i++)
        {
            log.Add(new RoutingEntry(DateTimeOffset.UnixEpoch.AddSeconds(i), "m", $"silo-{i}", "load", null, null));
        }

        var entries = log.Read();

        Assert.Equal(RoutingLog.Capacity, entries.Length);
        Assert.Equal($"silo-{RoutingLog.Capacity + 4}", entries[0].Silo);
        Assert.Equal("silo-5", entries[^1].Silo);
    }
}
