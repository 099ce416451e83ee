namespace Cluster.Gateway.Routing;

/// <summary>Sends each request to the least loaded candidate (ties broken at random), looking at every silo rather than two.</summary>
internal sealed class LeastLoadRoutingPolicy : IRoutingPolicy
{
    public string Name => "least-load";

    public ValueTask<RouteDecision?> SelectAsync(RoutingContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(context.Candidates.Count == 0 ? null : new RouteDecision(context.LeastLoaded(), RouteKind.Load));
}
