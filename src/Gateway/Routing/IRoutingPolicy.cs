namespace Cluster.Gateway.Routing;

/// <summary>One routing rule; the router asks the configured rules in order and forwards to the first choice.</summary>
public interface IRoutingPolicy
{
    /// <summary>The name used in Gateway:Routing:Policies.</summary>
    string Name { get; }

    /// <summary>Chooses a silo among <see cref="RoutingContext.Candidates"/>, or returns null to let the next rule choose.</summary>
    ValueTask<RouteDecision?> SelectAsync(RoutingContext context, CancellationToken cancellationToken);
}
