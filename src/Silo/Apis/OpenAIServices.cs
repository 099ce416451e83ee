using Cluster.Grains.Models;
using Cluster.Silo.Errors;
using Cluster.Silo.Generation;
using Cluster.Silo.Sessions;

namespace Cluster.Silo.Apis;

/// <summary>What the OpenAI handlers need, bound with [AsParameters]: the hosted models, session turns, the clock and a logger.</summary>
internal sealed record OpenAIServices(HostedModels Models, SessionTurns Sessions, TimeProvider Time, ILogger<OpenAIServices> Logger)
{
    /// <summary>The grain serving this model if it is ready; otherwise 404 or 503.</summary>
    public OpenAIErrorResult? TryGetReadyGrain(string modelId, out IModelHost grain)
    {
        grain = null!;
        if (Models.Find(modelId) is not { } hosted)
        {
            return OpenAIErrors.ModelNotFound(modelId);
        }

        if (hosted.Host.Status != ModelStatus.Ready)
        {
            return OpenAIErrors.ModelNotReady(modelId, hosted.Host.Status, hosted.Options.RetryAfter);
        }

        grain = hosted.Host;
        return null;
    }

    /// <summary>Reads a whole generation; null when the client went away (logged at Debug).</summary>
    public async Task<OutputPiece?> CollectAsync(IAsyncEnumerable<Inference.Generation.GenerationChunk> output, HttpContext httpContext)
    {
        try
        {
            return await OutputPieces.CollectAsync(output, httpContext.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (httpContext.RequestAborted.IsCancellationRequested)
        {
            ApiLog.ClientAborted(Logger, httpContext.Request.Path);
            return null;
        }
    }
}
