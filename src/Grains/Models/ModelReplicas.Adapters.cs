namespace Cluster.Grains.Models;

// Every serving replica holds the same LoRA adapters: a change applies to all of them or, when one refuses, to none. A
// replica that does not serve (load failed, scheduler dead) is skipped and catches up when it serves again. Changes
// run one at a time, and each remembers the cluster set version it belongs to.
public sealed partial class ModelReplicas
{
    private readonly SemaphoreSlim _adapterChanges = new(1, 1);
    private long _adapterSetVersion;

    /// <summary>The newest cluster adapter set version (<see cref="RuntimeAdapterSet.Version"/>) a change made here belonged to; 0 before any.</summary>
    public long AdapterSetVersion => Interlocked.Read(ref _adapterSetVersion);

    /// <summary>
    /// Loads an adapter on every serving replica, as part of cluster set <paramref name="setVersion"/> (0: none);
    /// <paramref name="nameTaken"/> says whether a name already selects a model on this silo.
    /// </summary>
    public async Task<AdapterChange> AddAdapterAsync(LoraAdapterOptions adapter, Func<string, bool> nameTaken, long setVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        await _adapterChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Recorded(await AddOnServingAsync(adapter, nameTaken, cancellationToken).ConfigureAwait(false), setVersion);
        }
        finally
        {
            _adapterChanges.Release();
        }
    }

    /// <summary>Unloads an adapter from every replica that holds it once no request uses it on any, as part of cluster set <paramref name="setVersion"/> (0: none).</summary>
    public async Task<AdapterChange> RemoveAdapterAsync(string name, long setVersion, CancellationToken cancellationToken)
    {
        await _adapterChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Recorded(await RemoveEverywhereAsync(name).ConfigureAwait(false), setVersion);
        }
        finally
        {
            _adapterChanges.Release();
        }
    }

    private AdapterChange Recorded(AdapterChange change, long setVersion)
    {
        if (change.Status == AdapterChangeStatus.Done && setVersion > Interlocked.Read(ref _adapterSetVersion))
        {
            Interlocked.Exchange(ref _adapterSetVersion, setVersion);
        }

        return change;
    }

    private async Task<AdapterChange> AddOnServingAsync(LoraAdapterOptions adapter, Func<string, bool> nameTaken, CancellationToken cancellationToken)
    {
        // The names are checked once, here: once a replica has loaded the adapter, its own names (the aliases) select it
        // through this model, and the next replica would see them as taken.
        if (adapter.Aliases.Any(nameTaken))
        {
            // A replica answers the conflict, naming the alias, and loads nothing.
            return await Reference.AddAdapterAsync(adapter, nameTaken, cancellationToken).ConfigureAwait(false);
        }

        var done = new List<ModelHost>();
        var skipped = new List<ModelHost>();
        foreach (var replica in Replicas)
        {
            var change = await replica.AddAdapterAsync(adapter, _ => false, cancellationToken).ConfigureAwait(false);
            if (change.Status == AdapterChangeStatus.NotReady)
            {
                skipped.Add(replica);
                continue;
            }

            if (change.Status != AdapterChangeStatus.Done)
            {
                await RemoveFromAsync(done, adapter.Name).ConfigureAwait(false);
                return change;
            }

            done.Add(replica);
        }

        return done.Count == 0
            ? new AdapterChange(AdapterChangeStatus.NotReady, $"model '{ModelId}' is {Status}")
            : new AdapterChange(AdapterChangeStatus.Done, $"'{ModelId}:{adapter.Name}' is served{Skipped(skipped)}");
    }

    private static string Skipped(List<ModelHost> skipped) => skipped.Count == 0 ? string.Empty
        : $"; skipped replica {string.Join(", ", skipped.Select(replica => $"{replica.Replica} ({replica.Status})"))}: it loads the adapter set once it serves again";

    private async Task<AdapterChange> RemoveEverywhereAsync(string name)
    {
        var holding = Replicas.Where(replica => OptionsOf(replica, name) is not null).ToList();
        if (holding.Count == 0)
        {
            return new AdapterChange(AdapterChangeStatus.NotFound, $"model '{ModelId}' has no adapter '{name}'");
        }

        var options = OptionsOf(holding[0], name)!;
        var done = new List<ModelHost>();
        foreach (var replica in holding)
        {
            var change = await replica.RemoveAdapterAsync(name, CancellationToken.None).ConfigureAwait(false);
            if (change.Status != AdapterChangeStatus.Done)
            {
                // A later replica still runs requests on it: the ones that let it go load it again.
                foreach (var removed in done)
                {
                    await removed.AddAdapterAsync(options, _ => false, CancellationToken.None).ConfigureAwait(false);
                }

                return change;
            }

            done.Add(replica);
        }

        return new AdapterChange(AdapterChangeStatus.Done, $"'{ModelId}:{name}' is no longer served", options);
    }

    private static async Task RemoveFromAsync(IEnumerable<ModelHost> replicas, string name)
    {
        foreach (var replica in replicas)
        {
            await replica.RemoveAdapterAsync(name, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static LoraAdapterOptions? OptionsOf(ModelHost replica, string name) =>
        replica.Adapters.Select(adapter => adapter.Options).FirstOrDefault(options => options.Name == name);
}
