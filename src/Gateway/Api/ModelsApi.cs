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
            .SelectMany(silo => silo.Models.Where(m => m.Status == ModelStatus.Ready).Select(model => (model.ModelId, silo.Name)))
            .Concat(external.All.Where(node => node.Healthy).SelectMany(node => node.Models.Select(model => (ModelId: model, node.Name))))
            .GroupBy(p => p.ModelId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ClusterModel(g.Key, "model", 0, "cluster", g.Count(), [.. g.Select(p => p.Name).Order(StringComparer.Ordinal)]))];
}
