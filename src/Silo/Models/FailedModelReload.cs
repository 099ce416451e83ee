using Cluster.Grains.Models;
using Cluster.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Models;

/// <summary>
/// Loads a model replica again after it failed to load, so a silo that started while a model file was still being
/// copied, or while another process still held device memory, serves once the cause is gone instead of staying unready
/// until someone restarts it. The first retry comes <c>Silo:FailedModelRetry</c> after the failure was seen, each further
/// one twice as long after the last, up to 16 times that. A replica that loads takes the LoRA adapters its model's other
/// replicas hold (the adapter sync brings the cluster's set to a model none of whose replicas served).
/// </summary>
internal sealed partial class FailedModelReload(HostedModels models, IOptions<SiloOptions> options, TimeProvider time, ILogger<FailedModelReload> logger)
    : BackgroundService
{
    private const int LongestWaitFactor = 16;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await models.Loaded.WaitAsync(stoppingToken).ConfigureAwait(false);
        var first = options.Value.FailedModelRetry;
        var retries = new Dictionary<ModelHost, (DateTimeOffset Due, TimeSpan Wait)>();
        using var timer = new PeriodicTimer(first < TimeSpan.FromSeconds(1) ? first : TimeSpan.FromSeconds(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var replica in models.Replicas)
            {
                if (!replica.LoadFailed)
                {
                    retries.Remove(replica);
                }
                else if (!retries.TryGetValue(replica, out var retry))
                {
                    retries[replica] = (time.GetUtcNow() + first, first);
                    LogWillRetry(logger, replica.ModelId, replica.Replica, first, replica.FailureReason);
                }
                else if (time.GetUtcNow() >= retry.Due)
                {
                    if (await ReloadAsync(replica, stoppingToken).ConfigureAwait(false))
                    {
                        retries.Remove(replica);
                        continue;
                    }

                    var wait = retry.Wait * 2 < first * LongestWaitFactor ? retry.Wait * 2 : first * LongestWaitFactor;
                    retries[replica] = (time.GetUtcNow() + wait, wait);
                    LogWillRetry(logger, replica.ModelId, replica.Replica, wait, replica.FailureReason);
                }
            }
        }
    }

    // Loads the replica again; once it serves, it takes the adapters its model's other replicas hold. True when it serves.
    private async Task<bool> ReloadAsync(ModelHost replica, CancellationToken stoppingToken)
    {
        await replica.LoadAsync(new LoadProgressLog(logger, replica.ModelId), stoppingToken).ConfigureAwait(false);
        if (replica.LoadFailed)
        {
            return false;
        }

        LogReloaded(logger, replica.ModelId, replica.Replica);
        await AdapterCatchUp.RunAsync(models, replica, logger, stoppingToken).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId} (replica {Replica}) failed to load ({Reason}); loading it again in {Wait}")]
    private static partial void LogWillRetry(ILogger logger, string modelId, int replica, TimeSpan wait, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId} (replica {Replica}) loaded on a retry and serves")]
    private static partial void LogReloaded(ILogger logger, string modelId, int replica);
}
