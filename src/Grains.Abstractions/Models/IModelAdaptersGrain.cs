namespace Cluster.Grains.Models;

/// <summary>
/// The LoRA adapters added to one base model at run time (key: the model id), as cluster state: a change is made on
/// every silo where the model is ready and kept only when all of them made it, else undone where it was made (all or
/// nothing); silos that start later apply the kept set. A change runs to its end, within a bounded time, whatever its
/// caller's token does.
/// </summary>
[Alias("cluster.model-adapters")]
public interface IModelAdaptersGrain : IGrainWithStringKey
{
    /// <summary>The kept set and its version (it grows with every kept change).</summary>
    [Alias("get")]
    Task<RuntimeAdapterSet> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Loads the adapter on every silo where the model is ready; kept when all loaded it, else unloaded again where it
    /// loaded (each silo's answer says what undoing did). Empty when no silo hosts the model; NotReady from each silo
    /// when it is hosted but ready nowhere.
    /// </summary>
    [Alias("add")]
    Task<IReadOnlyList<SiloAdapterChange>> AddAsync(LoraAdapterOptions adapter, CancellationToken cancellationToken = default);

    /// <summary>
    /// Unloads the adapter on every silo where the model is ready (a silo that lacks it has nothing to do); forgotten when
    /// all let it go, else loaded again where it was unloaded. Empty when no silo hosts the model.
    /// </summary>
    [Alias("remove")]
    Task<IReadOnlyList<SiloAdapterChange>> RemoveAsync(string name, CancellationToken cancellationToken = default);
}
