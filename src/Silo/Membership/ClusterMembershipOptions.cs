namespace Cluster.Silo.Membership;

/// <summary>How this silo joins a cluster (section "Cluster:Membership"): through a gateway, or straight into the PostgreSQL store; with neither it runs alone.</summary>
public sealed record ClusterMembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cluster:Membership";

    /// <summary>Base URL of a gateway (or of the gateways' service) to heartbeat into; for the gateways' in-memory store. Set this or <see cref="PostgreSql"/>.</summary>
    public string? GatewayUrl { get; init; }

    /// <summary>
    /// Npgsql connection string of the gateways' PostgreSQL store (their Gateway:Store:ConnectionString database): the silo writes its
    /// own heartbeats there, so no single gateway carries membership. Set this or <see cref="GatewayUrl"/>.
    /// </summary>
    public string? PostgreSql { get; init; }

    /// <summary>This silo's id; null makes one from host, port and a random suffix (a restarted silo is a new member).</summary>
    public string? SiloId { get; init; }

    /// <summary>The URL gateways forward to; null derives it from the bound address (loopback when the gateway is local, else the host name).</summary>
    public string? AdvertisedUrl { get; init; }

    /// <summary>Time between heartbeats; the gateway drops a silo after its Gateway:Membership:HeartbeatTimeout.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Shared secret sent as X-Cluster-Secret to <see cref="GatewayUrl"/>; must equal the gateway's Gateway:Membership:Secret when that is set.</summary>
    public string? Secret { get; init; }

    /// <summary>GPU name to report; null reports the models' device names.</summary>
    public string? GpuName { get; init; }

    /// <summary>GPU memory in bytes to report; 0 when unknown.</summary>
    public long GpuMemoryBytes { get; init; }
}
