using Cluster.Gateway.Routing;
using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Sessions;

/// <summary>
/// Finds a session's owner silo: from the <see cref="SessionOwnerCache"/>, else from its <see cref="ISessionGrain"/> (which places
/// a new session). While a killed silo is not yet declared dead the grain call fails; it is retried with short waits for up
/// to Gateway:Routing:SessionRecoveryTimeout.
/// </summary>
internal sealed partial class SessionLocator(
    IGrainFactory grains,
    SessionOwnerCache cache,
    SiloCatalog catalog,
    IOptions<RoutingOptions> options,
    TimeProvider time,
    ILogger<SessionLocator> logger)
{
    private static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestWait = TimeSpan.FromSeconds(1);

    /// <summary>Where the session lives for <paramref name="owner"/> and <paramref name="model"/>; null when the cluster did not answer in time.</summary>
    public async ValueTask<SessionLocation?> LocateAsync(string sessionKey, string? owner, string model, CancellationToken cancellationToken)
    {
        if (cache.Find(sessionKey, owner) is { } cached && cached.Model == model && catalog.FindByAddress(cached.Silo) is not null)
        {
            return cached;
        }

        var deadline = time.GetUtcNow() + options.Value.SessionRecoveryTimeout;
        var wait = FirstWait;
        for (var attempt = 1; ; attempt++)
        {
            var remaining = deadline - time.GetUtcNow();
            try
            {
                var location = await AskGrainAsync(sessionKey, owner, model, remaining < AttemptTimeout ? remaining : AttemptTimeout, cancellationToken);
                if (location.Status == SessionLocationStatus.Found)
                {
                    cache.Remember(sessionKey, owner, location);
                }

                return location;
            }
            catch (Exception error) when (IsTransient(error) && !cancellationToken.IsCancellationRequested)
            {
                if (remaining <= wait)
                {
                    LogGaveUp(logger, sessionKey, attempt, error);
                    return null;
                }

                LogRetrying(logger, sessionKey, attempt, error);
                await Task.Delay(wait, time, cancellationToken);
                wait = wait * 2 < LongestWait ? wait * 2 : LongestWait;
            }
        }
    }

    /// <summary>Forgets the remembered owner, so the next <see cref="LocateAsync"/> asks the grain.</summary>
    public void Forget(string sessionKey, string? owner) => cache.Forget(sessionKey, owner);

    private async Task<SessionLocation> AskGrainAsync(string sessionKey, string? owner, string model, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Placement of a new session reads its model from the request context.
        RequestContext.Set(SessionPlacementContext.ModelKey, model);
        try
        {
            return await grains.GetGrain<ISessionGrain>(sessionKey).LocateAsync(new SessionClaim(owner, model), cancellationToken)
                .WaitAsync(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromMilliseconds(1), time, cancellationToken);
        }
        finally
        {
            RequestContext.Remove(SessionPlacementContext.ModelKey);
        }
    }

    // InvalidOperationException: the client has not reached any silo yet.
    private static bool IsTransient(Exception error) => error is OrleansException or TimeoutException or InvalidOperationException;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Locating session {SessionKey} failed (attempt {Attempt}); retrying")]
    private static partial void LogRetrying(ILogger logger, string sessionKey, int attempt, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Session {SessionKey}: the cluster did not say where it lives after {Attempts} attempts; answering 503")]
    private static partial void LogGaveUp(ILogger logger, string sessionKey, int attempts, Exception error);
}
