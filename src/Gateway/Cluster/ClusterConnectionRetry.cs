namespace Cluster.Gateway.Cluster;

/// <summary>
/// Keeps the Orleans client trying to reach the cluster until it does or the gateway stops: a gateway started before its
/// silos (or cut off from all of them) waits for them instead of failing its start. Waits grow from 250 ms to 2 s.
/// </summary>
internal sealed partial class ClusterConnectionRetry(ILogger<ClusterConnectionRetry> logger) : IClientConnectionRetryFilter
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(2);
    private int _attempts;

    public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
    {
        var attempt = Interlocked.Increment(ref _attempts);
        var wait = TimeSpan.FromTicks(Math.Min(LongestWait.Ticks, FirstWait.Ticks << Math.Min(attempt - 1, 4)));
        if (attempt == 1 || attempt % 30 == 0)
        {
            LogWaiting(logger, attempt, exception.Message);
        }

        try
        {
            await Task.Delay(wait, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return !cancellationToken.IsCancellationRequested;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No silo reached yet (attempt {Attempt}: {Reason}); the gateway keeps trying and answers 503 meanwhile")]
    private static partial void LogWaiting(ILogger logger, int attempt, string reason);
}
