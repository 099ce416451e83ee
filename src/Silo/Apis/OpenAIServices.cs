using Cluster.Grains.Models;
using Cluster.Silo.Errors;
using Cluster.Silo.Generation;
using Cluster.Silo.Images;
using Cluster.Silo.Sessions;

namespace Cluster.Silo.Apis;

/// <summary>What the OpenAI handlers need, bound with [AsParameters]: the hosted models, session turns, the clock and a logger.</summary>
internal sealed record OpenAIServices(HostedModels Models, SessionTurns Sessions, ImageLoader Images, TimeProvider Time, ILogger<OpenAIServices> Logger)
{
    /// <summary>The grain serving this model (the silo's only model when none is named) if it is ready and fit for <paramref name="use"/>; otherwise 400, 404 or 503.</summary>
    public OpenAIErrorResult? TryGetReadyGrain(string? modelId, out IModelHost grain, ModelUse use = ModelUse.Generation)
    {
        grain = null!;
        if (string.IsNullOrEmpty(modelId))
        {
            // LMDeploy's api_server serves one model, so its client names none on some calls.
            if (Models.All is not [var only])
            {
                return OpenAIErrors.InvalidParameter("model",
                    $"This request names no model and this silo serves several ({string.Join(", ", Models.All.Select(m => m.Host.ModelId))}); set model to one of them.",
                    "missing_required_parameter");
            }

            modelId = only.Host.ModelId;
        }

        if (Models.Resolve(modelId) is not { } host)
        {
            return OpenAIErrors.ModelNotFound(modelId);
        }

        if (host.Status != ModelStatus.Ready)
        {
            return OpenAIErrors.ModelNotReady(modelId, host.Status, host.RetryAfter);
        }

        var embeds = host.Embeddings is not null;
        if ((use == ModelUse.Generation && embeds) || (use == ModelUse.Embeddings && !embeds))
        {
            return OpenAIErrors.WrongModelKind(modelId, embeds);
        }

        grain = host;
        return null;
    }

    /// <summary>Reads a whole generation, each of its choices; null when the client went away (logged at Debug).</summary>
    public async Task<OutputPiece[]?> CollectAsync(IAsyncEnumerable<Inference.Generation.GenerationChunk> output, int choices, HttpContext httpContext)
    {
        try
        {
            return await ChoiceStreams.CollectAsync(output, choices, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            ApiLog.ClientAborted(Logger, httpContext.Request.Path);
            return null;
        }
    }
}
