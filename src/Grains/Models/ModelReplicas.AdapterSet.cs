namespace Cluster.Grains.Models;

// The cluster's runtime adapter set brought onto the replicas (the silo's periodic sync), and a replica that serves
// again brought level with the others (the watchdog's restart).
public sealed partial class ModelReplicas
{
    /// <summary>
    /// Loads the adapters of <paramref name="set"/> that are missing and unloads runtime adapters it no longer holds (those
    /// named in <paramref name="configured"/> stay); the outcome of each change that did not succeed. Null when the set
    /// is older than one a change here belonged to (read before that change): it is ignored.
    /// </summary>
    public async Task<IReadOnlyList<AdapterChange>?> ApplyAdapterSetAsync(RuntimeAdapterSet set, IReadOnlySet<string> configured, Func<string, bool> nameTaken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(configured);
        await _adapterChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (set.Version < AdapterSetVersion)
            {
                return null;
            }

            var present = Reference.Adapters.Select(adapter => adapter.Options.Name).ToHashSet(StringComparer.Ordinal);
            var changes = new List<AdapterChange>();
            foreach (var adapter in set.Adapters.Where(adapter => !present.Contains(adapter.Name)))
            {
                changes.Add(await AddOnServingAsync(adapter, nameTaken, cancellationToken).ConfigureAwait(false));
            }

            foreach (var stale in present.Where(name => !configured.Contains(name) && set.Adapters.All(adapter => adapter.Name != name)))
            {
                changes.Add(await RemoveEverywhereAsync(stale).ConfigureAwait(false));
            }

            var failed = changes.Where(change => change.Status != AdapterChangeStatus.Done).ToList();
            if (failed.Count == 0)
            {
                Recorded(new AdapterChange(AdapterChangeStatus.Done, string.Empty), set.Version);
            }

            return failed;
        }
        finally
        {
            _adapterChanges.Release();
        }
    }

    /// <summary>
    /// Gives <paramref name="replica"/>, which serves again, the adapters another serving replica holds (it was skipped by
    /// the changes made while it did not serve); the outcome of each change that did not succeed.
    /// </summary>
    public async Task<IReadOnlyList<AdapterChange>> CatchUpAsync(ModelHost replica, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(replica);
        await _adapterChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Replicas.FirstOrDefault(other => other != replica && other.Status == ModelStatus.Ready) is not { } level)
            {
                return [];
            }

            var wanted = level.Adapters.Select(adapter => adapter.Options).ToList();
            var held = replica.Adapters.Select(adapter => adapter.Options.Name).ToHashSet(StringComparer.Ordinal);
            var changes = new List<AdapterChange>();
            foreach (var adapter in wanted.Where(adapter => !held.Contains(adapter.Name)))
            {
                changes.Add(await replica.AddAdapterAsync(adapter, _ => false, cancellationToken).ConfigureAwait(false));
            }

            foreach (var stale in held.Where(name => wanted.All(adapter => adapter.Name != name)))
            {
                changes.Add(await replica.RemoveAdapterAsync(stale, cancellationToken).ConfigureAwait(false));
            }

            return [.. changes.Where(change => change.Status != AdapterChangeStatus.Done)];
        }
        finally
        {
            _adapterChanges.Release();
        }
    }

    /// <summary>Holds back every adapter change until the result is disposed (tests of changes that overlap).</summary>
    internal async Task<IDisposable> HoldAdapterChangesAsync()
    {
        await _adapterChanges.WaitAsync().ConfigureAwait(false);
        return new Held(_adapterChanges);
    }

    private sealed class Held(SemaphoreSlim changes) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                changes.Release();
            }
        }
    }
}
