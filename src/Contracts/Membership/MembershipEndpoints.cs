namespace Cluster.Contracts.Membership;

/// <summary>Paths of the gateway's internal membership API.</summary>
public static class MembershipEndpoints
{
    /// <summary>POST a <see cref="SiloHeartbeat"/> as JSON; 204 when accepted.</summary>
    public const string Heartbeat = "/internal/membership/heartbeat";

    /// <summary>Header that carries the shared cluster secret, when one is configured.</summary>
    public const string SecretHeader = "X-Cluster-Secret";
}
