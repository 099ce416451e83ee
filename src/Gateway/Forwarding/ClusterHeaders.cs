namespace Cluster.Gateway.Forwarding;

/// <summary>Headers the gateway adds to every forwarded response.</summary>
public static class ClusterHeaders
{
    /// <summary>The name of the silo that answered.</summary>
    public const string Silo = "x-cluster-silo";

    /// <summary>Why that silo: session, prefix or load.</summary>
    public const string Route = "x-cluster-route";

    /// <summary>The session header clients (and silos) use.</summary>
    public const string SessionId = "X-Session-Id";
}
