namespace Cluster.Gateway.Routing;

/// <summary>Whether the router found a silo, and if not, why.</summary>
public enum RouteOutcome
{
    /// <summary>A silo was chosen.</summary>
    Routed,

    /// <summary>No live silo serves the model (404 model_not_found).</summary>
    ModelNotFound,

    /// <summary>Silos serve the model but none can take the request now (503).</summary>
    NoSiloAvailable,
}
