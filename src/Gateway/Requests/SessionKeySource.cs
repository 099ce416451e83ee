namespace Cluster.Gateway.Requests;

/// <summary>Where a request's session key came from.</summary>
public enum SessionKeySource
{
    /// <summary>Stateless request.</summary>
    None,

    /// <summary>The X-Session-Id header.</summary>
    Header,

    /// <summary>The interactive API's session_id.</summary>
    InteractiveId,

    /// <summary>The OpenAI "user" field (when Gateway:Routing:SessionFromUser is on).</summary>
    User,
}
