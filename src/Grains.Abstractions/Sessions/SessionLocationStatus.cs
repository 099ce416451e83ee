namespace Cluster.Grains.Sessions;

/// <summary>The answer of <see cref="ISessionGrain.LocateAsync"/>.</summary>
public enum SessionLocationStatus
{
    /// <summary>The session lives (or was just placed) on the silo named.</summary>
    Found,

    /// <summary>The session belongs to another API key: to this caller it does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The session talks to another model than the one asked for (HTTP 400, param "model").</summary>
    OtherModel,

    /// <summary>No live silo serves the session's model (HTTP 503).</summary>
    NoSilo,
}
