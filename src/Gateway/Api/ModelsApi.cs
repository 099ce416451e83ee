using Cluster.Gateway.Errors;
using Cluster.Gateway.Nodes;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>GET /v1/models across the cluster: each model ready on some silo or healthy external node, once, with its replica count.</summary>
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

    private static List<ClusterModel> Aggregate(SiloCatalog catalog, ExternalNodeDirectory external) =>
        [.. catalog.Silos
            .SelectMany(silo => silo.Models.Where(m => m.Status == ModelStatus.Ready).SelectMany(model => model.Adapters.Prepend(model.ModelId).Select(id =>
                (Id: id, Root: model.ModelId, Placement: new ModelPlacementView(silo.Name, model.Gpus, model.SplitMode, model.Device),
                    Kind: (string?)(model.IsEmbeddingModel ? "embedding" : "generation")))))
            .Concat(external.All.Where(node => node.Healthy).SelectMany(node => node.Models.Select(model =>
                (Id: model, Root: model, Placement: new ModelPlacementView(node.Name, [], "external", "external"), Kind: (string?)null))))
            .GroupBy(p => (p.Id, p.Root))
            .OrderBy(g => g.Key.Id, StringComparer.Ordinal)
            .Select(g => new ClusterModel(g.Key.Id, "model", 0, "cluster", g.Key.Root, g.Key.Id == g.Key.Root ? null : g.Key.Root, g.Count(),
                [.. g.Select(p => p.Placement.Silo).Order(StringComparer.Ordinal)], [.. g.Select(p => p.Placement).OrderBy(p => p.Silo, StringComparer.Ordinal)],
                g.Select(p => p.Kind).FirstOrDefault(kind => kind is not null)))];
}
