using Cluster.Grains.Models;

namespace Cluster.Silo.Models;

/// <summary>
/// Notices a model whose scheduler loop died (it reports Failed, so gateways and placement route around this silo at
/// once) and starts a new scheduler on the loaded weights, so the silo serves again instead of refusing everything.
/// </summary>
internal sealed partial class SchedulerWatchdog(HostedModels models, TimeProvider time, ILogger<SchedulerWatchdog> logger) : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var model in models.All)
            {
                if (await model.Host.RestartSchedulerAsync().ConfigureAwait(false))
                {
                    LogRestarted(logger, model.Host.ModelId);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model {ModelId} serves again on a new scheduler")]
    private static partial void LogRestarted(ILogger logger, string modelId);
}
