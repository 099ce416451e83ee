using Cluster.Contracts.OpenAI;
using Cluster.Gateway.Errors;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>
/// LoRA adapters at run time (admin key), kept as cluster state by <see cref="IModelAdaptersGrain"/>, all or nothing:
/// <c>POST /admin/models/{model}/adapters</c> loads one on every silo serving the model and keeps it, so silos that
/// start later load it too; <c>DELETE /admin/models/{model}/adapters/{name}</c> unloads it where no request uses it
/// (409 naming the silos where requests still do: new requests keep getting it there, so the operator removes it again
/// once they end) and forgets it once every silo let it go. A change refused anywhere is undone where it was made, and
/// the answer says what undoing did on each silo; 503 while the model is ready nowhere.
/// </summary>
internal static class AdminAdaptersApi
{
    /// <summary>Maps the adapter endpoints onto <paramref name="admin"/>.</summary>
    public static RouteGroupBuilder MapAdminAdaptersApi(this RouteGroupBuilder admin)
    {
        admin.MapPost("/models/{model}/adapters", AddAsync);
        admin.MapDelete("/models/{model}/adapters/{name}", RemoveAsync);
        return admin;
    }

    private static async Task<IResult> AddAsync(string model, AddAdapterRequest body, SiloCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var adapter = new LoraAdapterOptions { Name = body.Name ?? string.Empty, Path = body.Path ?? string.Empty, Scale = body.Scale ?? 1f, Aliases = [.. body.Aliases ?? []] };
        var changes = await grains.GetGrain<IModelAdaptersGrain>(model).AddAsync(adapter, cancellationToken);
        return await AnswerAsync(model, changes, catalog, "adapter_exists",
            views => TypedResults.Created($"/v1/models/{Uri.EscapeDataString(model)}:{Uri.EscapeDataString(adapter.Name)}", new AdapterChangesView(model, adapter.Name, views)), cancellationToken);
    }

    private static async Task<IResult> RemoveAsync(string model, string name, SiloCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var changes = await grains.GetGrain<IModelAdaptersGrain>(model).RemoveAsync(name, cancellationToken);
        return await AnswerAsync(model, changes, catalog, "adapter_in_use", views => TypedResults.Ok(new AdapterChangesView(model, name, views)), cancellationToken);
    }

    // All done → success, else the worst outcome, its message naming each silo's answer.
    private static async Task<IResult> AnswerAsync(string model, IReadOnlyList<SiloAdapterChange> answers, SiloCatalog catalog, string conflictCode,
        Func<IReadOnlyList<AdapterChangeView>, IResult> success, CancellationToken cancellationToken)
    {
        if (answers.Count == 0)
        {
            return OpenAIErrorResult.NotFound($"The model '{model}' does not exist or no live silo hosts it.", "model_not_found", "model");
        }

        await AdminApi.RefreshAsync(catalog, cancellationToken);
        var changes = answers.Select(answer => new AdapterChangeView(answer.Silo, answer.Change.Status, answer.Change.Message,
            answer.Undo is { } undo ? new AdapterUndoView(undo.Status, undo.Message) : null)).ToList();
        if (changes.All(c => c.Status == AdapterChangeStatus.Done))
        {
            return success(changes);
        }

        var message = string.Join("; ", changes.Select(c => $"{c.Silo}: {c.Message}{Undone(c.Undo)}"));
        return changes.Select(c => c.Status).Where(s => s != AdapterChangeStatus.Done).Max() switch
        {
            AdapterChangeStatus.Invalid => OpenAIErrorResult.BadRequest(message),
            AdapterChangeStatus.NotFound => OpenAIErrorResult.NotFound(message, "adapter_not_found"),
            AdapterChangeStatus.NotReady => new OpenAIErrorResult(StatusCodes.Status503ServiceUnavailable, OpenAIErrorTypes.Server, message, "model_not_ready"),
            AdapterChangeStatus.InUse => new OpenAIErrorResult(StatusCodes.Status409Conflict, OpenAIErrorTypes.InvalidRequest, message, "adapter_in_use"),
            _ => new OpenAIErrorResult(StatusCodes.Status409Conflict, OpenAIErrorTypes.InvalidRequest, message, conflictCode),
        };
    }

    private static string Undone(AdapterUndoView? undo) => undo switch
    {
        null => string.Empty,
        { Status: AdapterChangeStatus.Done } => " (undone)",
        _ => $" (undo failed: {undo.Message}; the silo's adapter sync brings it back to the kept set)",
    };
}
