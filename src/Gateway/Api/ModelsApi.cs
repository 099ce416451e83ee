using Cluster.Gateway.Errors;
using Cluster.Gateway.Nodes;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>
/// GET /v1/models across the cluster: each model ready on some silo or healthy external node, once, with its replica count
/// (every serving replica on every silo) and one placement per replica.
/// </summary>
internal static class ModelsApi
{
    /// <summary>Maps the model list and the single-model lookup onto the /v1 group.</summary>
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", ListModels);
        v1.MapGet("/models/{**id}", GetModel);
        return v1;
    }

    private static ClusterModelList ListModels(SiloCatalog catalog, ExternalNodeDirectory external) => new("list", Aggregate(catalog, external));

    private static IResult GetModel(string id, SiloCatalog catalog, ExternalNodeDirectory external) =>
        Aggregate(catalog, external).FirstOrDefault(m => m.Id == id) is { } model
            ? TypedResults.Ok(model)
            : OpenAIErrorResult.NotFound($"The model '{id}' does not exist or no live silo serves it.", "model_not_found");

    // What external nodes serve is not known (ModelCapabilities.None): a model only they serve lists no capabilities.
    private static List<ClusterModel> Aggregate(SiloCatalog catalog, ExternalNodeDirectory external) =>
        [.. catalog.Silos
            .SelectMany(silo => silo.Models.Where(m => m.Status == ModelStatus.Ready).SelectMany(model => model.Adapters.Prepend(model.ModelId).SelectMany(id =>
                ServingReplicas(model).Select(gpus => (Id: id, Root: model.ModelId, Placement: new ModelPlacementView(silo.Name, gpus, model.SplitMode, model.Device), model.Capabilities)))))
            .Concat(external.All.Where(node => node.Healthy).SelectMany(node => node.Models.Select(model =>
                (Id: model, Root: model, Placement: new ModelPlacementView(node.Name, [], "external", "external"), Capabilities: ModelCapabilities.None))))
            .GroupBy(p => (p.Id, p.Root))
            .OrderBy(g => g.Key.Id, StringComparer.Ordinal)
            .Select(g => new ClusterModel(g.Key.Id, "model", 0, "cluster", g.Key.Root, g.Key.Id == g.Key.Root ? null : g.Key.Root, g.Count(),
                [.. g.Select(p => p.Placement.Silo).Distinct().Order(StringComparer.Ordinal)], [.. g.Select(p => p.Placement).OrderBy(p => p.Silo, StringComparer.Ordinal)],
                Names(g.Aggregate(ModelCapabilities.None, (all, p) => all | p.Capabilities))))];

    private static string[] Names(ModelCapabilities capabilities) =>
        [.. Enum.GetValues<ModelCapabilities>().Where(c => c != ModelCapabilities.None && capabilities.HasFlag(c)).Select(c => c.ToString().ToLowerInvariant())];

    // One placement per replica that serves, each with its own GPUs.
    private static IEnumerable<IReadOnlyList<int>> ServingReplicas(Grains.Models.ModelInfo model) =>
        model.Replicas is not { Count: > 0 } ? [model.Gpus] : model.Replicas.Where(replica => replica.Status == ModelStatus.Ready).Select(replica => replica.Gpus);
}
