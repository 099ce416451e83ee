using Cluster.Grains.Models;
using Cluster.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Models;

/// <summary>
/// Brings the cluster's runtime LoRA adapters (kept by <see cref="IModelAdaptersGrain"/>) onto this silo: once its models
/// have loaded and the silo has joined the cluster, then whenever a model's set changes (checked every
/// <c>Silo:AdapterSyncPeriod</c>). A set whose changes did not all succeed is tried again on the next check; a set older
/// than one a change on this silo belonged to (read just before the cluster changed it here) is ignored, so it cannot
/// unload an adapter just added.
/// </summary>
internal sealed partial class RuntimeAdapterSync(
    HostedModels models,
    IGrainFactory grains,
    IHostApplicationLifetime lifetime,
    IOptions<SiloOptions> options,
    TimeProvider time,
    ILogger<RuntimeAdapterSync> logger) : BackgroundService
{
    private readonly Dictionary<string, long> _applied = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The grain calls need the Orleans silo, which has started once the host has.
        await models.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken).ConfigureAwait(false);
        }

        using var timer = new PeriodicTimer(options.Value.AdapterSyncPeriod, time);
        do
        {
            foreach (var model in models.All.Where(model => model.Host.Status == ModelStatus.Ready))
            {
                await SyncAsync(model.Host.ModelId, stoppingToken).ConfigureAwait(false);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task SyncAsync(string modelId, CancellationToken cancellationToken)
    {
        try
        {
            var set = await grains.GetGrain<IModelAdaptersGrain>(modelId).GetAsync(cancellationToken).ConfigureAwait(false);
            if (_applied.GetValueOrDefault(modelId, -1) == set.Version)
            {
                return;
            }

            if (await models.ApplyRuntimeAdaptersAsync(modelId, set, cancellationToken).ConfigureAwait(false) is not { } failed)
            {
                LogOlderSetIgnored(logger, modelId, set.Version);
                return;
            }

            foreach (var change in failed)
            {
                LogNotApplied(logger, modelId, change.Status, change.Message);
            }

            if (failed.Count == 0)
            {
                _applied[modelId] = set.Version;
                LogApplied(logger, modelId, set.Version, set.Adapters.Count);
            }
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever failed (the grain's storage, a replica stopping, a file), the silo keeps serving and the next check retries.
            LogUnreachable(logger, modelId, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelId}: runtime adapter set version {Version} applied ({Count} adapters)")]
    private static partial void LogApplied(ILogger logger, string modelId, long version, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Model {ModelId}: runtime adapter set version {Version} is older than a change made here since; ignored")]
    private static partial void LogOlderSetIgnored(ILogger logger, string modelId, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId}: a runtime adapter change did not apply ({Status}: {Message}); trying again on the next check")]
    private static partial void LogNotApplied(ILogger logger, string modelId, AdapterChangeStatus status, string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId}: the cluster's runtime adapter set could not be read or applied; trying again on the next check")]
    private static partial void LogUnreachable(ILogger logger, string modelId, Exception error);
}
