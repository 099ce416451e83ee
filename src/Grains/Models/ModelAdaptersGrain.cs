using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;

namespace Cluster.Grains.Models;

/// <summary>
/// One base model's runtime LoRA adapters as grain state. Changes go through it one at a time: it asks every silo where
/// the model is ready (from this silo's catalog, refreshed first) and writes the state only when all of them agreed.
/// </summary>
internal sealed class ModelAdaptersGrain(
    [PersistentState("adapters", ClusterStorage.Name)] IPersistentState<ModelAdaptersState> state,
    SiloCatalog catalog) : Grain, IModelAdaptersGrain
{
    // Loading an adapter reads its file on every silo.
    private static readonly TimeSpan SiloAnswerTimeout = TimeSpan.FromSeconds(25);

    private string Model => this.GetPrimaryKeyString();

    /// <inheritdoc/>
    public Task<RuntimeAdapterSet> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new RuntimeAdapterSet(state.State.Version, [.. state.State.Adapters]));

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SiloAdapterChange>> AddAsync(LoraAdapterOptions adapter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        var changes = await OnEverySiloAsync(grain => grain.AddAdapterAsync(adapter, cancellationToken), cancellationToken).ConfigureAwait(true);
        if (changes.Count > 0 && changes.All(change => change.Change.Status == AdapterChangeStatus.Done))
        {
            state.State.Adapters.RemoveAll(kept => kept.Name == adapter.Name);
            state.State.Adapters.Add(adapter);
            state.State.Version++;
            await state.WriteStateAsync(cancellationToken).ConfigureAwait(true);
        }

        return changes;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SiloAdapterChange>> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        var changes = await OnEverySiloAsync(grain => grain.RemoveAdapterAsync(name, cancellationToken), cancellationToken).ConfigureAwait(true);
        if (changes.Count > 0 && changes.All(change => change.Change.Status == AdapterChangeStatus.Done) && state.State.Adapters.RemoveAll(kept => kept.Name == name) > 0)
        {
            state.State.Version++;
            await state.WriteStateAsync(cancellationToken).ConfigureAwait(true);
        }

        return changes;
    }

    private async Task<List<SiloAdapterChange>> OnEverySiloAsync(Func<IModelGrain, Task<AdapterChange>> change, CancellationToken cancellationToken)
    {
        await catalog.RefreshAsync(cancellationToken).ConfigureAwait(true);
        var silos = catalog.Silos.Where(silo => silo.Models.Any(model => model.ModelId == Model && model.Status == ModelStatus.Ready)).ToList();
        var answers = await Task.WhenAll(silos.Select(silo => AskAsync(silo, change, cancellationToken))).ConfigureAwait(true);
        return [.. silos.Zip(answers, (silo, answer) => new SiloAdapterChange(silo.Name, answer))];
    }

    // A silo that does not answer in time, or leaves meanwhile, refuses the change: it is not kept, and the answer says why.
    private async Task<AdapterChange> AskAsync(SiloInfo silo, Func<IModelGrain, Task<AdapterChange>> change, CancellationToken cancellationToken)
    {
        try
        {
            return await change(GrainFactory.GetGrain<IModelGrain>(ModelKeys.Of(Model, silo.Address))).WaitAsync(SiloAnswerTimeout, cancellationToken).ConfigureAwait(true);
        }
        catch (Exception error) when (error is TimeoutException or OrleansException or SiloUnavailableException)
        {
            return new AdapterChange(AdapterChangeStatus.NotReady, $"the silo did not answer ({error.GetType().Name}); try again");
        }
    }
}
