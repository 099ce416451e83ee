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
        TypedResults.Ok(new ModelList { Data = [.. models.All.SelectMany(model => model.Host.AdapterNames.Select(name => ToInfo(model, name)).Prepend(ToInfo(model, model.Host.ModelId)))] });

    public static Results<Ok<ModelInfo>, OpenAIErrorResult> GetModel(string id, HostedModels models) =>
        models.All.FirstOrDefault(model => model.Host.ModelId == id || model.Host.AdapterNames.Contains(id, StringComparer.Ordinal)) is { } model
            ? TypedResults.Ok(ToInfo(model, id))
            : OpenAIErrors.ModelNotFound(id);

    // A LoRA adapter is listed as its own model whose parent (and root) is the base model, as vLLM lists them.
    private static ModelInfo ToInfo(HostedModel model, string id) => new()
    {
        Id = id,
        Created = model.Created,
        OwnedBy = Owner,
        Root = model.Host.ModelId,
        Parent = id == model.Host.ModelId ? null : model.Host.ModelId,
        Gpus = model.Host.Descriptor.Gpus,
        ReplicaGpus = [.. model.Host.Replicas.Select(replica => replica.Descriptor.Gpus)],
        SplitMode = model.Host.Descriptor.SplitMode.ToString().ToLowerInvariant(),
    };
}
