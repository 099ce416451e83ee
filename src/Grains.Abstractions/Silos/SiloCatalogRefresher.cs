using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Silos;

/// <summary>
/// Refreshes the <see cref="SiloCatalog"/> on a short period; a failed refresh keeps the last picture. The first failure of
/// a run is a warning, the ones after it (a gateway waiting for its first silo, a silo waiting for the cluster) are debug.
/// </summary>
public sealed partial class SiloCatalogRefresher(SiloCatalog catalog, SiloCatalogOptions options, TimeProvider time, ILogger<SiloCatalogRefresher> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval, time);
        var failing = false;
        do
        {
            try
            {
                await catalog.RefreshAsync(stoppingToken).ConfigureAwait(false);
                if (failing)
                {
                    LogRecovered(logger, catalog.Silos.Length);
                    failing = false;
                }
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                if (failing)
                {
                    LogStillFailing(logger, error.Message);
                }
                else
                {
                    LogRefreshFailed(logger, error.Message);
                    failing = true;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the silos from the cluster failed ({Reason}); keeping the last picture and retrying")]
    private static partial void LogRefreshFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the silos from the cluster still fails ({Reason})")]
    private static partial void LogStillFailing(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reading the silos from the cluster works again: {Silos} silos")]
    private static partial void LogRecovered(ILogger logger, int silos);
}
