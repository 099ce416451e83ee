namespace Cluster.Gateway.Routing;

/// <summary>A routing policy's choice.</summary>
/// <param name="Silo">The silo to forward to.</param>
/// <param name="Kind">Which rule chose it.</param>
public sealed record RouteDecision(SiloTarget Silo, RouteKind Kind)
{
    /// <summary>The x-cluster-route header value.</summary>
    public string KindName => Kind switch
    {
        RouteKind.Session => "session",
        RouteKind.Prefix => "prefix",
        RouteKind.RoundRobin => "round-robin",
        RouteKind.External => "external",
        _ => "load",
    };
}
