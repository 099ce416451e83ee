using Cluster.Grains.Silos;

namespace Cluster.Grains.Models;

// Asking the silos: every silo where the model is ready at once, under one deadline; then, when any refused or did not
// answer, the undo on every silo that made the change or may have made it, under a second deadline.
internal sealed partial class ModelAdaptersGrain
{
    private delegate Task<AdapterChange> SiloChange(IModelGrain model, CancellationToken cancellationToken);

    private delegate Task<AdapterChange> SiloUndo(IModelGrain model, AdapterChange change, CancellationToken cancellationToken);

    private async Task<ChangeOutcome> FanOutAsync(string operation, SiloChange change, SiloUndo undo, bool missingIsDone)
    {
        using var deadline = new CancellationTokenSource(options.Value.SiloAnswerTimeout);
        await catalog.RefreshAsync(deadline.Token).ConfigureAwait(true);
        var hosting = catalog.Silos.Select(silo => (Silo: silo, Model: silo.Models.FirstOrDefault(model => model.ModelId == Model)))
            .Where(pair => pair.Model is not null).ToList();
        var ready = hosting.Where(pair => pair.Model!.Status == ModelStatus.Ready).Select(pair => pair.Silo).ToList();
        if (ready.Count == 0)
        {
            // Hosted but ready nowhere: loading (or draining, or failed) everywhere; nothing was asked, so nothing to undo.
            return new ChangeOutcome(false, false, [.. hosting.Select(pair => new SiloAdapterChange(pair.Silo.Name,
                new AdapterChange(AdapterChangeStatus.NotReady, $"model '{Model}' is {pair.Model!.Status} there; try again once it is ready")))]);
        }

        var answers = await Task.WhenAll(ready.Select(silo => AskAsync(silo, change, options.Value.SiloAnswerTimeout, deadline.Token))).ConfigureAwait(true);
        bool Made(SiloAnswer answer) => answer.Change.Status == AdapterChangeStatus.Done || (missingIsDone && answer.Change.Status == AdapterChangeStatus.NotFound);
        bool MayHaveMade(SiloAnswer answer) => answer.Change.Status == AdapterChangeStatus.Done || !answer.Answered;
        var reached = answers.Any(MayHaveMade);
        if (answers.All(Made))
        {
            return new ChangeOutcome(true, reached, [.. answers.Select(answer => new SiloAdapterChange(answer.Silo.Name, answer.Change))]);
        }

        LogRefused(logger, Model, operation, string.Join("; ", answers.Where(answer => !Made(answer)).Select(answer => $"{answer.Silo.Name}: {answer.Change.Message}")));
        using var undoDeadline = new CancellationTokenSource(options.Value.UndoTimeout);
        var undone = await Task.WhenAll(answers.Select(answer => MayHaveMade(answer)
            ? UndoAsync(operation, answer, undo, undoDeadline.Token)
            : Task.FromResult(new SiloAdapterChange(answer.Silo.Name, answer.Change)))).ConfigureAwait(true);
        return new ChangeOutcome(false, reached, undone);
    }

    private async Task<SiloAdapterChange> UndoAsync(string operation, SiloAnswer answer, SiloUndo undo, CancellationToken deadline)
    {
        var result = await AskAsync(answer.Silo, (model, token) => undo(model, answer.Change, token), options.Value.UndoTimeout, deadline).ConfigureAwait(true);
        // A silo that never made the change (its answer came too late, or not at all) has nothing to undo: NotFound for an add.
        if (!answer.Answered && result.Change.Status is AdapterChangeStatus.NotFound or AdapterChangeStatus.Conflict)
        {
            return new SiloAdapterChange(answer.Silo.Name, answer.Change, new AdapterChange(AdapterChangeStatus.Done, "it had not made the change: nothing to undo"));
        }

        if (result.Change.Status != AdapterChangeStatus.Done)
        {
            LogUndoFailed(logger, Model, operation, answer.Silo.Name, result.Change.Status, result.Change.Message);
        }

        return new SiloAdapterChange(answer.Silo.Name, answer.Change, result.Change);
    }

    // A silo that does not answer by the deadline, or leaves meanwhile, refuses the change; it may still make it later,
    // so it is undone there too.
    private async Task<SiloAnswer> AskAsync(SiloInfo silo, SiloChange change, TimeSpan timeout, CancellationToken deadline)
    {
        try
        {
            var model = GrainFactory.GetGrain<IModelGrain>(ModelKeys.Of(Model, silo.Address));
            return new SiloAnswer(silo, await change(model, deadline).WaitAsync(deadline).ConfigureAwait(true), Answered: true);
        }
        catch (OperationCanceledException)
        {
            return new SiloAnswer(silo, new AdapterChange(AdapterChangeStatus.NotReady, $"the silo did not answer within {timeout.TotalSeconds:0.###} s; try again"), Answered: false);
        }
        catch (Exception error) when (error is TimeoutException or OrleansException or SiloUnavailableException)
        {
            return new SiloAnswer(silo, new AdapterChange(AdapterChangeStatus.NotReady, $"the silo did not answer ({error.GetType().Name}); try again"), Answered: false);
        }
    }

    private sealed record SiloAnswer(SiloInfo Silo, AdapterChange Change, bool Answered);

    /// <summary>Whether every silo made the change, whether any silo made it or may have, and each silo's answer.</summary>
    private sealed record ChangeOutcome(bool Succeeded, bool Reached, IReadOnlyList<SiloAdapterChange> Answers);
}
