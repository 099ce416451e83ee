namespace Cluster.Gateway.Routing;

/// <summary>Why a silo was chosen; sent to clients as x-cluster-route.</summary>
public enum RouteKind
{
    /// <summary>The session's owner, as its session grain says.</summary>
    Session,

    /// <summary>The silo that last served the request's leading messages.</summary>
    Prefix,

    /// <summary>The less loaded of two random silos, or the least loaded of all ("least-load").</summary>
    Load,

    /// <summary>The next silo in turn ("round-robin").</summary>
    RoundRobin,

    /// <summary>An external OpenAI-compatible node added with /nodes/add: no silo has the model ready.</summary>
    External,
}
