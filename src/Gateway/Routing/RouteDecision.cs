using Cluster.Gateway.Membership;

namespace Cluster.Gateway.Routing;

/// <summary>A routing policy's choice.</summary>
/// <param name="Silo">The silo to forward to.</param>
/// <param name="Kind">Which rule chose it.</param>
/// <param name="SessionMoved">True when a session left a lost or failed owner: the new silo needs its stored history.</param>
public sealed record RouteDecision(SiloSnapshot Silo, RouteKind Kind, bool SessionMoved = false)
{
    /// <summary>The x-cluster-route header value.</summary>
    public string KindName => Kind switch
    {
        RouteKind.Session => "session",
        RouteKind.Prefix => "prefix",
        _ => "load",
    };
}
