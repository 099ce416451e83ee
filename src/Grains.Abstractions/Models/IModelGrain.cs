namespace Cluster.Grains.Models;

/// <summary>One model on one silo (keyed by <see cref="ModelKeys.Of"/>): the cluster-facing side of that silo's loaded model and its scheduler.</summary>
[Alias("cluster.model")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Status, shape and load.</summary>
    [Alias("info")]
    Task<ModelInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Loads a LoRA adapter next to the model; requests may name it as soon as this returns Done.</summary>
    [Alias("add-adapter")]
    Task<AdapterChange> AddAdapterAsync(LoraAdapterOptions adapter, CancellationToken cancellationToken = default);

    /// <summary>Unloads a LoRA adapter no request is using (InUse otherwise: new requests still get it).</summary>
    [Alias("remove-adapter")]
    Task<AdapterChange> RemoveAdapterAsync(string name, CancellationToken cancellationToken = default);
}
