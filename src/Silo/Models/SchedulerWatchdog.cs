using Cluster.Grains.Models;

namespace Cluster.Silo.Models;

/// <summary>
/// Notices a model replica whose scheduler loop died (it reports Failed, so gateways and placement route around this silo) and,
/// one period after it first saw it, starts a new scheduler on the loaded weights, so the silo serves again instead of
/// refusing everything. The wait keeps the failure visible for a whole period: long enough for the silo catalogs
/// (refreshed twice a second) to see it and for requests already routed here to be retried elsewhere. The restarted
/// replica then takes the LoRA adapters its model's other replicas hold (changes made while it was down skipped it).
/// </summary>
internal sealed partial class SchedulerWatchdog(HostedModels models, TimeProvider time, ILogger<SchedulerWatchdog> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        var seenDead = new HashSet<ModelHost>();
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var host in models.Replicas)
            {
                if (!host.SchedulerDied)
                {
                    seenDead.Remove(host);
                }
                else if (!seenDead.Add(host))
                {
                    seenDead.Remove(host);
                    await host.RestartSchedulerAsync().ConfigureAwait(false);
                    LogRestarted(logger, host.ModelId, host.Replica);
                    await AdapterCatchUp.RunAsync(models, host, logger, stoppingToken).ConfigureAwait(false);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId} (replica {Replica}) serves again on a new scheduler")]
    private static partial void LogRestarted(ILogger logger, string modelId, int replica);
}
