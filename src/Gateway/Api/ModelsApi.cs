using Cluster.Gateway.Errors;
using Cluster.Gateway.Membership;

namespace Cluster.Gateway.Api;

/// <summary>GET /v1/models across the cluster: each model once, with its replica count.</summary>
internal static class ModelsApi
{
    /// <summary>Maps the model list and the single-model lookup onto the /v1 group.</summary>
    public static RouteGroupBuilder MapModelsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/models", ListModels);
        v1.MapGet("/models/{**id}", GetModel);
        return v1;
    }

    private static ClusterModelList ListModels(ClusterView view) => new("list", Aggregate(view));

    private static IResult GetModel(string id, ClusterView view) =>
        Aggregate(view).FirstOrDefault(m => m.Id == id) is { } model
            ? TypedResults.Ok(model)
            : OpenAIErrorResult.NotFound($"The model '{id}' does not exist or no live silo serves it.", "model_not_found");

    private static List<ClusterModel> Aggregate(ClusterView view) =>
        [.. view.Live
            .SelectMany(silo => silo.Models.Select(model => (model, silo.Id)))
            .GroupBy(p => p.model, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new ClusterModel(g.Key, "model", 0, "cluster", g.Count(), [.. g.Select(p => p.Id).Order(StringComparer.Ordinal)]))];
}
