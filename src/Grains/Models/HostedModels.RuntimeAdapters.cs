namespace Cluster.Grains.Models;

// The cluster's runtime adapters (IModelAdaptersGrain) brought onto this silo's models: adapters from the settings stay
// as they are; the others are made to match the kept set.
public sealed partial class HostedModels
{
    /// <summary>
    /// Loads the kept adapters model <paramref name="modelId"/> lacks and unloads runtime adapters the set no longer holds;
    /// the outcome of each change that did not succeed (an adapter in use is unloaded on a later pass).
    /// </summary>
    public async Task<IReadOnlyList<AdapterChange>> ApplyRuntimeAdaptersAsync(string modelId, IReadOnlyList<LoraAdapterOptions> kept, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(kept);
        if (Find(modelId) is not { Host.Status: ModelStatus.Ready } hosted)
        {
            return [];
        }

        var configured = hosted.Options.Adapters.Select(adapter => adapter.Name).ToHashSet(StringComparer.Ordinal);
        var present = hosted.Host.Replicas[0].Adapters.Select(adapter => adapter.Options.Name).ToHashSet(StringComparer.Ordinal);
        var failed = new List<AdapterChange>();
        foreach (var adapter in kept.Where(adapter => !present.Contains(adapter.Name)))
        {
            failed.Add(await AddAdapterAsync(modelId, adapter, cancellationToken).ConfigureAwait(false));
        }

        foreach (var stale in present.Where(name => !configured.Contains(name) && kept.All(adapter => adapter.Name != name)))
        {
            failed.Add(await RemoveAdapterAsync(modelId, stale, cancellationToken).ConfigureAwait(false));
        }

        return [.. failed.Where(change => change.Status != AdapterChangeStatus.Done)];
    }
}
