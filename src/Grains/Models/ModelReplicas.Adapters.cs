namespace Cluster.Grains.Models;

// Every replica holds the same LoRA adapters: a change applies to all of them or, when one refuses, to none.
public sealed partial class ModelReplicas
{
    /// <summary>Loads an adapter on every replica; <paramref name="nameTaken"/> says whether a name already selects a model on this silo.</summary>
    public async Task<AdapterChange> AddAdapterAsync(LoraAdapterOptions adapter, Func<string, bool> nameTaken, CancellationToken cancellationToken)
    {
        // The names are checked once, here: once a replica has loaded the adapter, its own names (the aliases) select it
        // through this model, and the next replica would see them as taken.
        if (adapter.Aliases.Any(nameTaken))
        {
            // A replica answers the conflict, naming the alias, and loads nothing.
            return await Reference.AddAdapterAsync(adapter, nameTaken, cancellationToken).ConfigureAwait(false);
        }

        var done = new List<ModelHost>();
        foreach (var replica in Replicas)
        {
            var change = await replica.AddAdapterAsync(adapter, _ => false, cancellationToken).ConfigureAwait(false);
            if (change.Status != AdapterChangeStatus.Done)
            {
                foreach (var added in done)
                {
                    await added.RemoveAdapterAsync(adapter.Name, CancellationToken.None).ConfigureAwait(false);
                }

                return change;
            }

            done.Add(replica);
        }

        return new AdapterChange(AdapterChangeStatus.Done, $"'{ModelId}:{adapter.Name}' is served");
    }

    /// <summary>Unloads an adapter from every replica once no request uses it on any.</summary>
    public async Task<AdapterChange> RemoveAdapterAsync(string name, CancellationToken cancellationToken)
    {
        var options = Reference.Adapters.FirstOrDefault(adapter => adapter.Options.Name == name).Options;
        var done = new List<ModelHost>();
        foreach (var replica in Replicas)
        {
            var change = await replica.RemoveAdapterAsync(name, cancellationToken).ConfigureAwait(false);
            if (change.Status != AdapterChangeStatus.Done)
            {
                // A later replica still runs requests on it: the ones that let it go load it again.
                foreach (var removed in done)
                {
                    await removed.AddAdapterAsync(options!, _ => false, CancellationToken.None).ConfigureAwait(false);
                }

                return change;
            }

            done.Add(replica);
        }

        return new AdapterChange(AdapterChangeStatus.Done, $"'{ModelId}:{name}' is no longer served");
    }
}
