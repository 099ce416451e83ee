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
                // A model's replicas sit on their own GPUs, so they load side by side.
                await Task.WhenAll(model.Host.Replicas.Select(replica => replica.LoadAsync(new LoadProgressLog(logger, replica.ModelId), stoppingToken))).ConfigureAwait(false);
                foreach (var replica in model.Host.Replicas.Where(replica => replica.Status != ModelStatus.Ready))
                {
                    LogNotServed(logger, replica.ModelId, replica.Replica, replica.FailureReason ?? replica.Status.ToString());
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Model {ModelId} (replica {Replica}) will not be served: {Reason}")]
    private static partial void LogNotServed(ILogger logger, string modelId, int replica, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached before the models drained; running requests are cancelled")]
    private static partial void LogDrainCut(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Ready} of {Total} models ready")]
    private static partial void LogLoaded(ILogger logger, int ready, int total);
}
