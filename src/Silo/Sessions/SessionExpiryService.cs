using Cluster.Grains.Sessions;
using SessionOptions = Cluster.Grains.Sessions.SessionOptions;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Sessions;

/// <summary>Ends sessions idle past Silo:Sessions:IdleTimeToLive, checking every 30 s or a quarter of the time to live, whichever is shorter.</summary>
internal sealed partial class SessionExpiryService(
    SessionDirectory sessions,
    IOptions<SessionOptions> options,
    TimeProvider time,
    ILogger<SessionExpiryService> logger) : BackgroundService
{
    private static readonly TimeSpan LongestPeriod = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ShortestPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>How often idle sessions are looked for.</summary>
    public TimeSpan Period => TimeSpan.FromTicks(Math.Clamp(options.Value.IdleTimeToLive.Ticks / 4, ShortestPeriod.Ticks, LongestPeriod.Ticks));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await ExpireAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task ExpireAsync()
    {
        try
        {
            if (await sessions.ExpireIdleAsync().ConfigureAwait(false) is > 0 and var expired)
            {
                LogExpired(logger, expired, options.Value.IdleTimeToLive);
            }
        }
        catch (Exception error) when (error is InvalidOperationException or ObjectDisposedException)
        {
            // A model grain that is stopping cannot free KV any more; its sessions go with it.
            LogExpiryFailed(logger, error);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended {Count} sessions idle longer than {TimeToLive}")]
    private static partial void LogExpired(ILogger logger, int count, TimeSpan timeToLive);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not end idle sessions")]
    private static partial void LogExpiryFailed(ILogger logger, Exception error);
}
