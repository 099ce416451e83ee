namespace Cluster.Grains.Models;

/// <summary>One model on one silo (keyed by <see cref="ModelKeys.Of"/>): the cluster-facing side of that silo's loaded model and its scheduler.</summary>
[Alias("cluster.model")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Status, shape and load.</summary>
    [Alias("info")]
    Task<ModelInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads a LoRA adapter next to the model as part of the cluster's adapter set <paramref name="setVersion"/> (the silo
    /// then ignores older sets); requests may name it as soon as this returns Done.
    /// </summary>
    [Alias("add-adapter")]
    Task<AdapterChange> AddAdapterAsync(LoraAdapterOptions adapter, long setVersion, CancellationToken cancellationToken = default);

    /// <summary>Unloads a LoRA adapter no request is using (InUse otherwise: new requests still get it), as part of set <paramref name="setVersion"/>.</summary>
    [Alias("remove-adapter")]
    Task<AdapterChange> RemoveAdapterAsync(string name, long setVersion, CancellationToken cancellationToken = default);
}
