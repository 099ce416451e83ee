namespace Cluster.Gateway.Routing;

/// <summary>
/// Sends each request to the next candidate in turn, blind to sessions, prefixes and load: the baseline that session
/// and prefix routing are measured against (bench/session-routing.sh). Ask for it alone ("round-robin") to use it.
/// </summary>
internal sealed class RoundRobinRoutingPolicy : IRoutingPolicy
{
    private long _next = -1;

    public string Name => "round-robin";

    public ValueTask<RouteDecision?> SelectAsync(RoutingContext context, CancellationToken cancellationToken)
    {
        var candidates = context.Candidates;
        if (candidates.Count == 0)
        {
            return ValueTask.FromResult<RouteDecision?>(null);
        }

        // Candidates come in the catalog's order, so a counter over them visits every silo in turn.
        var turn = (ulong)Interlocked.Increment(ref _next);
        return ValueTask.FromResult<RouteDecision?>(new RouteDecision(candidates[(int)(turn % (ulong)candidates.Count)], RouteKind.RoundRobin));
    }
}
