namespace Cluster.Grains.Models;

// The cluster's runtime adapters (IModelAdaptersGrain) brought onto this silo's models: adapters from the settings stay
// as they are; the others are made to match the kept set.
public sealed partial class HostedModels
{
    /// <summary>
    /// Loads the adapters of <paramref name="set"/> model <paramref name="modelId"/> lacks and unloads runtime adapters
    /// the set no longer holds; the outcome of each change that did not succeed (an adapter in use is unloaded on a later
    /// pass). Null when the model does not serve, or the set is older than one a change here belonged to (ignored).
    /// </summary>
    public Task<IReadOnlyList<AdapterChange>?> ApplyRuntimeAdaptersAsync(string modelId, RuntimeAdapterSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (Find(modelId) is not { Host.Status: ModelStatus.Ready } hosted)
        {
            return Task.FromResult<IReadOnlyList<AdapterChange>?>(null);
        }

        var configured = hosted.Options.Adapters.Select(adapter => adapter.Name).ToHashSet(StringComparer.Ordinal);
        return hosted.Host.ApplyAdapterSetAsync(set, configured, name => Resolve(name) is not null, cancellationToken);
    }

    /// <summary>Gives a replica that serves again (its scheduler was restarted) the adapters its model's other replicas hold.</summary>
    public Task<IReadOnlyList<AdapterChange>> CatchUpAdaptersAsync(ModelHost replica, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return Find(replica.ModelId) is { } hosted ? hosted.Host.CatchUpAsync(replica, cancellationToken) : Task.FromResult<IReadOnlyList<AdapterChange>>([]);
    }
}
