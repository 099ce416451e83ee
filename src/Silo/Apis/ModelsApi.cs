using Cluster.Contracts.OpenAI;
using Cluster.Silo.Errors;
using Cluster.Grains.Models;
using ModelInfo = Cluster.Contracts.OpenAI.ModelInfo;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cluster.Silo.Apis;

/// <summary>GET /v1/models and GET /v1/models/{id}.</summary>
internal static class ModelsApi
{
    private const string Owner = "cluster";

    public static IEndpointRouteBuilder MapModelsApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v1/models").WithTags("Models");
        models.MapGet("/", ListModels).WithName("ListModels").WithSummary("Lists the models this silo serves.");
        models.MapGet("/{**id}", GetModel).WithName("RetrieveModel").WithSummary("Describes one model.")
            .ProducesOpenAIErrors(StatusCodes.Status404NotFound);
        return app;
    }

    public static Ok<ModelList> ListModels(HostedModels models) =>
        TypedResults.Ok(new ModelList { Data = [.. models.All.Select(ToInfo)] });

    public static Results<Ok<ModelInfo>, OpenAIErrorResult> GetModel(string id, HostedModels models) =>
        models.Find(id) is { } model ? TypedResults.Ok(ToInfo(model)) : OpenAIErrors.ModelNotFound(id);

    private static ModelInfo ToInfo(HostedModel model) => new()
    {
        Id = model.Host.ModelId,
        Created = model.Created,
        OwnedBy = Owner,
        Gpus = model.Host.Descriptor.Gpus,
        SplitMode = model.Host.Descriptor.SplitMode.ToString().ToLowerInvariant(),
    };
}
