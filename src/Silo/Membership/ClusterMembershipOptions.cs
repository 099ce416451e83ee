namespace Cluster.Silo.Membership;

/// <summary>How this silo joins a cluster (section "Cluster:Membership"); without a gateway URL it runs alone.</summary>
public sealed record ClusterMembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cluster:Membership";

    /// <summary>Base URL of a gateway (or of the gateways' service) to heartbeat into; null turns membership off.</summary>
    public string? GatewayUrl { get; init; }

    /// <summary>This silo's id; null makes one from host, port and a random suffix (a restarted silo is a new member).</summary>
    public string? SiloId { get; init; }

    /// <summary>The URL gateways forward to; null derives it from the bound address (loopback when the gateway is local, else the host name).</summary>
    public string? AdvertisedUrl { get; init; }

    /// <summary>Time between heartbeats; the gateway drops a silo after its Gateway:Membership:HeartbeatTimeout.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Shared secret sent as X-Cluster-Secret; must equal the gateway's Gateway:Membership:Secret when that is set.</summary>
    public string? Secret { get; init; }

    /// <summary>GPU name to report; null reports the models' device names.</summary>
    public string? GpuName { get; init; }

    /// <summary>GPU memory in bytes to report; 0 when unknown.</summary>
    public long GpuMemoryBytes { get; init; }
}
