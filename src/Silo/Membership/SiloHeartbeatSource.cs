using Cluster.Contracts.Membership;
using Cluster.Grains.Models;
using Cluster.Silo.Models;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Membership;

/// <summary>Builds this silo's heartbeat from its model grains.</summary>
internal sealed class SiloHeartbeatSource(HostedModels models, IOptions<ClusterMembershipOptions> options)
{
    /// <summary>True once every model is loaded and serving: only then does the silo register.</summary>
    public bool Ready => models.All.Count > 0 && models.All.All(m => m.Grain.Status is ModelGrainStatus.Ready or ModelGrainStatus.Draining);

    /// <summary>A heartbeat with the current load.</summary>
    public SiloHeartbeat Build(string siloId, string address, bool leaving = false)
    {
        var grains = models.All.Select(m => m.Grain).ToList();
        var loads = grains.Select(g => g.Load).ToList();
        var gpu = options.Value.GpuName ?? string.Join(", ", grains.Select(g => g.Descriptor.Device).Distinct(StringComparer.Ordinal));
        return new SiloHeartbeat(
            siloId,
            address,
            [.. grains.Select(g => g.ModelId)],
            gpu,
            options.Value.GpuMemoryBytes,
            loads.Sum(l => l.MaxSequences),
            loads.Sum(l => l.ActiveSequences),
            loads.Sum(l => l.QueuedRequests),
            loads.Sum(l => l.KvTokensUsed),
            loads.Sum(l => l.KvTokensCapacity),
            Sessions: grains.Sum(g => g.SessionCounters.Sessions),
            Draining: grains.Any(g => g.Status == ModelGrainStatus.Draining),
            Leaving: leaving);
    }
}
