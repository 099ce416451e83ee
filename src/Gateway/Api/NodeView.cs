using Cluster.Gateway.Cluster;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>A silo in GET /admin/nodes and the dashboard.</summary>
internal sealed record NodeView(
    string Name,
    string HttpAddress,
    string Address,
    IReadOnlyList<NodeModelView> Models,
    int Sessions,
    bool Draining,
    bool Healthy,
    string GpuName,
    long GpuMemoryBytes)
{
    /// <summary>The catalog's silos, healthy when every model serves and the gateway reaches the silo.</summary>
    public static NodeView[] ListOf(SiloCatalog catalog, SiloHealth health) =>
        [.. catalog.Silos.Select(s => new NodeView(
            s.Name,
            s.HttpAddress,
            s.Address,
            [.. s.Models.Select(m => new NodeModelView(m.ModelId, m.Status, Math.Round(m.Load, 3), m.Slots, m.ActiveSequences, m.QueuedRequests, m.KvTokensUsed,
                m.KvTokensCapacity, m.Sessions, m.FailureReason, m.GeneratedTokens, m.Gpus, m.SplitMode, m.Adapters, m.Replicas))],
            s.Sessions,
            s.Draining,
            s.Healthy && health.IsHealthy(s.Name),
            s.GpuName,
            s.GpuMemoryBytes))];
}
