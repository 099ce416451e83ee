using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Silos;

/// <summary>Refreshes the <see cref="SiloCatalog"/> on a short period; a failed refresh keeps the last picture.</summary>
public sealed partial class SiloCatalogRefresher(SiloCatalog catalog, SiloCatalogOptions options, TimeProvider time, ILogger<SiloCatalogRefresher> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.RefreshInterval, time);
        do
        {
            try
            {
                await catalog.RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                LogRefreshFailed(logger, error);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the silos from the cluster failed; keeping the last picture")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
