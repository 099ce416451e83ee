using Cluster.Contracts.OpenAI;
using Cluster.Gateway.Errors;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>
/// LoRA adapters at run time (admin key): <c>POST /admin/models/{model}/adapters</c> loads one on every silo serving the
/// model; <c>DELETE /admin/models/{model}/adapters/{name}</c> unloads it where no request uses it (409 naming the silos
/// where requests still do: new requests keep getting it there, so the operator removes it again once they end).
/// </summary>
internal static class AdminAdaptersApi
{
    // Loading an adapter reads its file on every silo.
    private static readonly TimeSpan SiloAnswerTimeout = TimeSpan.FromSeconds(60);

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
        return await ChangeAsync(model, catalog, silo => Grain(grains, model, silo).AddAdapterAsync(adapter, cancellationToken), "adapter_exists",
            changes => TypedResults.Created($"/v1/models/{Uri.EscapeDataString(model)}:{Uri.EscapeDataString(adapter.Name)}", new AdapterChangesView(model, adapter.Name, changes)), cancellationToken);
    }

    private static async Task<IResult> RemoveAsync(string model, string name, SiloCatalog catalog, IGrainFactory grains, CancellationToken cancellationToken) =>
        await ChangeAsync(model, catalog, silo => Grain(grains, model, silo).RemoveAdapterAsync(name, cancellationToken), "adapter_in_use",
            changes => TypedResults.Ok(new AdapterChangesView(model, name, changes)), cancellationToken);

    // Asks every silo serving the model; all done → success, else the worst outcome, its message naming each silo's answer.
    private static async Task<IResult> ChangeAsync(string model, SiloCatalog catalog, Func<SiloInfo, Task<AdapterChange>> change, string conflictCode,
        Func<IReadOnlyList<AdapterChangeView>, IResult> success, CancellationToken cancellationToken)
    {
        var silos = catalog.Silos.Where(silo => silo.Models.Any(m => m.ModelId == model)).ToList();
        if (silos.Count == 0)
        {
            return OpenAIErrorResult.NotFound($"The model '{model}' does not exist or no live silo serves it.", "model_not_found", "model");
        }

        var answers = await Task.WhenAll(silos.Select(silo => change(silo).WaitAsync(SiloAnswerTimeout, cancellationToken)));
        await AdminApi.RefreshAsync(catalog, cancellationToken);
        var changes = silos.Zip(answers, (silo, answer) => new AdapterChangeView(silo.Name, answer.Status, answer.Message)).ToList();
        if (changes.All(c => c.Status == AdapterChangeStatus.Done))
        {
            return success(changes);
        }

        var message = string.Join("; ", changes.Select(c => $"{c.Silo}: {c.Message}"));
        return changes.Select(c => c.Status).Where(s => s != AdapterChangeStatus.Done).Max() switch
        {
            AdapterChangeStatus.Invalid => OpenAIErrorResult.BadRequest(message),
            AdapterChangeStatus.NotFound => OpenAIErrorResult.NotFound(message, "adapter_not_found"),
            AdapterChangeStatus.NotReady => new OpenAIErrorResult(StatusCodes.Status503ServiceUnavailable, OpenAIErrorTypes.Server, message, "model_not_ready"),
            AdapterChangeStatus.InUse => new OpenAIErrorResult(StatusCodes.Status409Conflict, OpenAIErrorTypes.InvalidRequest, message, "adapter_in_use"),
            _ => new OpenAIErrorResult(StatusCodes.Status409Conflict, OpenAIErrorTypes.InvalidRequest, message, conflictCode),
        };
    }

    private static IModelGrain Grain(IGrainFactory grains, string model, SiloInfo silo) => grains.GetGrain<IModelGrain>(ModelKeys.Of(model, silo.Address));
}
