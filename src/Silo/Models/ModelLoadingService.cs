using Cluster.Grains.Models;
using Cluster.Inference.Native;
using Cluster.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Models;

/// <summary>Loads llama.cpp at start, then the models in the background (the server answers 503 meanwhile); drains them at stop.</summary>
internal sealed partial class ModelLoadingService(
    HostedModels models,
    IOptions<SiloOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<ModelLoadingService> logger) : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.CudaGraphs)
        {
            LlamaLibrary.DisableCudaGraphs();
        }

        LlamaLibrary.Initialize(options.Value.LlamaLibraryDirectory, loggerFactory.CreateLogger("llama.cpp"));
        GpuAvailability.Check(options.Value, LlamaDevices.Gpus().Count);
        return base.StartAsync(cancellationToken);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var model in models.All)
            {
                await model.Host.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown timeout ended the drain; disposal cancels what still runs.
            LogDrainCut(logger);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Return to the host at once so Kestrel starts and answers 503 while the weights load.
        await Task.Yield();
        try
        {
            foreach (var model in models.All)
            {
                await model.Host.LoadAsync(new LoadProgressLog(logger, model.Host.ModelId), stoppingToken).ConfigureAwait(false);
                if (model.Host.Status != ModelStatus.Ready)
                {
                    LogNotServed(logger, model.Host.ModelId, model.Host.FailureReason ?? model.Host.Status.ToString());
                }
            }

            var ready = models.All.Count(model => model.Host.Status == ModelStatus.Ready);
            LogLoaded(logger, ready, models.All.Count);
        }
        finally
        {
            models.MarkLoaded();
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {ModelId} will not be served: {Reason}")]
    private static partial void LogNotServed(ILogger logger, string modelId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached before the models drained; running requests are cancelled")]
    private static partial void LogDrainCut(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Ready} of {Total} models ready")]
    private static partial void LogLoaded(ILogger logger, int ready, int total);
}
