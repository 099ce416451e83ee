namespace Cluster.Grains.Models;

/// <summary>
/// The LoRA adapters added to one base model at run time (key: the model id), as cluster state: a change is made on
/// every silo serving the model and kept only when all of them made it; silos that start later apply the kept set.
/// </summary>
[Alias("cluster.model-adapters")]
public interface IModelAdaptersGrain : IGrainWithStringKey
{
    /// <summary>The kept set and its version (it grows with every kept change).</summary>
    [Alias("get")]
    Task<RuntimeAdapterSet> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Loads the adapter on every silo where the model is ready; kept when all loaded it. Empty when no silo serves the model.</summary>
    [Alias("add")]
    Task<IReadOnlyList<SiloAdapterChange>> AddAsync(LoraAdapterOptions adapter, CancellationToken cancellationToken = default);

    /// <summary>Unloads the adapter on every silo where the model is ready; forgotten when all unloaded it. Empty when no silo serves the model.</summary>
    [Alias("remove")]
    Task<IReadOnlyList<SiloAdapterChange>> RemoveAsync(string name, CancellationToken cancellationToken = default);
}
