namespace Cluster.Gateway.Routing;

/// <summary>Whether the router found a silo, and if not, why; each refusal maps to one OpenAI error.</summary>
public enum RouteOutcome
{
    /// <summary>A silo was chosen.</summary>
    Routed,

    /// <summary>No live silo serves the model (404 model_not_found).</summary>
    ModelNotFound,

    /// <summary>Silos serve the model but none can take the request now, or the cluster did not answer in time (503 no_silo_available).</summary>
    NoSiloAvailable,

    /// <summary>The session does not exist for this caller: another API key's (404 session_not_found).</summary>
    SessionNotFound,

    /// <summary>The session talks to another model (400 session_model_mismatch, param "model").</summary>
    SessionModelMismatch,
}
