using Cluster.Contracts.Membership;
using Cluster.Contracts.Store;

namespace Cluster.Gateway.Store;

/// <summary>The cluster store inside one gateway process: the local default. One lock guards all state.</summary>
/// <param name="clock">Stamps heartbeats; the gateway's own clock, so readers and the writer agree.</param>
internal sealed partial class InMemoryClusterStore(TimeProvider clock) : IClusterStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SiloRecord> _silos = new(StringComparer.Ordinal);

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task UpsertSiloAsync(SiloHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        lock (_gate)
        {
            var draining = _silos.TryGetValue(heartbeat.SiloId, out var existing) && existing.Draining;
            _silos[heartbeat.SiloId] = new SiloRecord(heartbeat, clock.GetUtcNow(), draining);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SiloRecord>>([.. _silos.Values]);
        }
    }

    public Task<bool> SetDrainingAsync(string siloId, bool draining, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_silos.TryGetValue(siloId, out var existing))
            {
                return Task.FromResult(false);
            }

            _silos[siloId] = existing with { Draining = draining };
            return Task.FromResult(true);
        }
    }

    public Task RemoveSiloAsync(string siloId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _silos.Remove(siloId);
        }

        return Task.CompletedTask;
    }
}
