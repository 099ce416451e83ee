namespace Cluster.Contracts.Internal;

/// <summary>Headers between gateways and silos, never from clients: the gateway strips them from what clients send.</summary>
public static class InternalHeaders
{
    /// <summary>The cluster's shared secret (<c>Cluster:Secret</c>): a silo answers nothing but health without it.</summary>
    public const string Secret = "X-Cluster-Secret";

    /// <summary>The id of the API key the gateway authenticated, so the silo can tell whose session a turn is for; absent without keys.</summary>
    public const string Caller = "X-Cluster-Caller";

    /// <summary>On the answer to a turn this silo relayed to the session's owner: that owner's data-plane URL, so a gateway drops its stale route.</summary>
    public const string Owner = "X-Cluster-Owner";

    /// <summary>On a request: the gateway counts this request's tokens, so a stream reports its usage even when the client did not ask (see <see cref="ReportedUsage"/>).</summary>
    public const string ReportUsage = "X-Cluster-Usage";
}
