using Cluster.Contracts.Store;
using Cluster.Gateway.Membership;

namespace Cluster.Gateway.Routing;

/// <summary>Sends a session to its owner from the directory; places new sessions, and sessions whose owner is gone, on the least loaded silo.</summary>
internal sealed partial class SessionRoutingPolicy(
    ISessionDirectory directory,
    SiloLoadTracker tracker,
    TimeProvider timeProvider,
    ILogger<SessionRoutingPolicy> logger) : IRoutingPolicy
{
    public string Name => "session";

    public async ValueTask<RouteDecision?> SelectAsync(RoutingContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (request.SessionKey is not { } key || context.Candidates.Count == 0)
        {
            return null;
        }

        var entry = await directory.FindSessionAsync(key, cancellationToken);
        if (entry is not null && Find(context.Serving, entry.SiloId) is { } owner)
        {
            return new RouteDecision(owner, RouteKind.Session);
        }

        var target = context.LeastLoaded(tracker.SessionsPlaced);
        var now = timeProvider.GetUtcNow();
        if (entry is null)
        {
            entry = await directory.ClaimSessionAsync(key, request.Model!, target.Id, now, cancellationToken);
            if (entry.SiloId == target.Id)
            {
                tracker.SessionPlaced(target.Id);
                return new RouteDecision(target, RouteKind.Session);
            }

            // Another gateway placed it first: follow its choice when that silo is usable here too.
            if (Find(context.Serving, entry.SiloId) is { } placed)
            {
                return new RouteDecision(placed, RouteKind.Session);
            }
        }

        var from = entry.SiloId;
        entry = await directory.MoveSessionAsync(key, from, target.Id, now, cancellationToken);
        if (entry is null)
        {
            entry = await directory.ClaimSessionAsync(key, request.Model!, target.Id, now, cancellationToken);
        }

        var moved = Find(context.Serving, entry.SiloId) ?? target;
        LogMoved(logger, key, from, moved.Id);
        tracker.SessionPlaced(moved.Id);
        return new RouteDecision(moved, RouteKind.Session, SessionMoved: true);
    }

    private static SiloSnapshot? Find(IReadOnlyList<SiloSnapshot> silos, string siloId)
    {
        foreach (var silo in silos)
        {
            if (silo.Id == siloId)
            {
                return silo;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Session {SessionKey} moved from silo {From} to {To}")]
    private static partial void LogMoved(ILogger logger, string sessionKey, string from, string to);
}
