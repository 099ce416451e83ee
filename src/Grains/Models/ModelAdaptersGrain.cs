using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cluster.Grains.Models;

/// <summary>
/// One base model's runtime LoRA adapters as grain state. Changes go through it one at a time, all or nothing: it asks
/// every silo where the model is ready at once (from this silo's catalog, refreshed first), keeps the change when all
/// made it and otherwise undoes it where it was made. Every change that reached a silo gets a new set version, so a
/// silo's periodic sync never applies a set older than one it took part in, and brings a silo whose undo failed back to
/// the kept set.
/// </summary>
internal sealed partial class ModelAdaptersGrain(
    [PersistentState("adapters", ClusterStorage.Name)] IPersistentState<ModelAdaptersState> state,
    SiloCatalog catalog,
    IOptions<AdapterChangeOptions> options,
    ILogger<ModelAdaptersGrain> logger) : Grain, IModelAdaptersGrain
{
    private string Model => this.GetPrimaryKeyString();

    /// <inheritdoc/>
    public Task<RuntimeAdapterSet> GetAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new RuntimeAdapterSet(state.State.Version, [.. state.State.Adapters]));

    // The caller's token is left out on purpose here and below: a change that reached some silos is finished or undone
    // even when the admin goes away; the options bound how long it takes.

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SiloAdapterChange>> AddAsync(LoraAdapterOptions adapter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        var version = state.State.Version + 1;
        var outcome = await FanOutAsync(
            "add",
            (model, token) => model.AddAdapterAsync(adapter, version, token),
            (model, _, token) => model.RemoveAdapterAsync(adapter.Name, version, token),
            missingIsDone: false).ConfigureAwait(true);
        await KeepAsync(version, outcome, kept =>
        {
            kept.RemoveAll(existing => existing.Name == adapter.Name);
            kept.Add(adapter);
            return true;
        }).ConfigureAwait(true);
        return outcome.Answers;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SiloAdapterChange>> RemoveAsync(string name, CancellationToken cancellationToken = default)
    {
        var version = state.State.Version + 1;
        var kept = state.State.Adapters.FirstOrDefault(adapter => adapter.Name == name);
        var outcome = await FanOutAsync(
            "remove",
            (model, token) => model.RemoveAdapterAsync(name, version, token),
            (model, removal, token) => (removal.Removed ?? kept) is { } settings
                ? model.AddAdapterAsync(settings, version, token)
                : Task.FromResult(new AdapterChange(AdapterChangeStatus.NotFound, $"the settings of '{name}' there are not known, so it was not loaded again")),
            missingIsDone: true).ConfigureAwait(true);
        if (outcome.Succeeded && (kept is not null || outcome.Answers.Any(answer => answer.Change.Status == AdapterChangeStatus.Done)))
        {
            // Silos that lacked it (NotFound) count as done; only when no silo had it and the cluster does not keep it
            // is the answer NotFound.
            outcome = outcome with { Answers = [.. outcome.Answers.Select(AsDone)] };
        }

        await KeepAsync(version, outcome, adapters => adapters.RemoveAll(adapter => adapter.Name == name) > 0).ConfigureAwait(true);
        return outcome.Answers;
    }

    // A kept change gets the new version and the new set; a refused one that reached a silo gets the new version and the
    // old set, so that every silo's sync brings it back to the kept set.
    private async Task KeepAsync(long version, ChangeOutcome outcome, Func<List<LoraAdapterOptions>, bool> change)
    {
        var changed = outcome.Succeeded && change(state.State.Adapters);
        if (!changed && !outcome.Reached)
        {
            return;
        }

        state.State.Version = version;
        await state.WriteStateAsync(CancellationToken.None).ConfigureAwait(true);
    }

    private static SiloAdapterChange AsDone(SiloAdapterChange answer) => answer.Change.Status == AdapterChangeStatus.NotFound
        ? answer with { Change = new AdapterChange(AdapterChangeStatus.Done, "it was not loaded there: nothing to remove") }
        : answer;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId}: adapter {Operation} refused ({Refusals}); undone where it was made")]
    private static partial void LogRefused(ILogger logger, string modelId, string operation, string refusals);

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {ModelId}: undoing adapter {Operation} on silo {Silo} failed ({Status}: {Message}); its adapter sync brings it to the kept set")]
    private static partial void LogUndoFailed(ILogger logger, string modelId, string operation, string silo, AdapterChangeStatus status, string message);
}
