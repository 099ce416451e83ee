namespace Cluster.Grains.Hosting;

/// <summary>
/// How silos and gateways find each other (section "Cluster"), read by both: Orleans membership on Redis for deployments,
/// or localhost clustering (one machine, membership kept by the primary silo) as the embedded default.
/// </summary>
public sealed record ClusterConnectionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cluster";

    /// <summary>Orleans' cluster id: silos and gateways with the same id form one cluster.</summary>
    public string ClusterId { get; init; } = "cluster";

    /// <summary>Orleans' service id: stays the same across redeployments, so stored grain state carries over.</summary>
    public string ServiceId { get; init; } = "cluster";

    /// <summary>This silo's name (x-cluster-silo, /admin/nodes); null lets Orleans pick one from the host.</summary>
    public string? SiloName { get; init; }

    /// <summary>Where membership lives.</summary>
    public ClusterMembershipKind Membership { get; init; } = ClusterMembershipKind.Localhost;

    /// <summary>The Redis connection string (StackExchange.Redis form, e.g. "redis:6379") when <see cref="Membership"/> is Redis; grain state goes there too.</summary>
    public string? Redis { get; init; }

    /// <summary>Redis membership: the IP this silo advertises to the others; null picks loopback for a Redis on loopback, else the host's first IPv4 address.</summary>
    public string? AdvertisedIp { get; init; }

    /// <summary>
    /// A silo running in Kubernetes (with Redis membership): Orleans' Kubernetes hosting names it after its pod, advertises the pod IP, takes
    /// the cluster and service ids from the pod's orleans/clusterId and orleans/serviceId labels, and removes the pods of silos declared dead.
    /// </summary>
    public bool Kubernetes { get; init; }

    /// <summary>This silo's port for silo-to-silo traffic.</summary>
    public int SiloPort { get; init; } = 11111;

    /// <summary>This silo's port for gateways (Orleans clients).</summary>
    public int GatewayPort { get; init; } = 30000;

    /// <summary>Localhost clustering: the silo port of the primary silo, which keeps membership (a silo whose SiloPort equals it is the primary).</summary>
    public int PrimarySiloPort { get; init; } = 11111;

    /// <summary>Localhost clustering, on a gateway: the silos' gateway ports it may connect through; empty means <see cref="GatewayPort"/> alone.</summary>
    /// <remarks>Empty by default: configuration binding appends to a list's default items instead of replacing them.</remarks>
    public IReadOnlyList<int> GatewayPorts { get; init; } = [];

    /// <summary>The shared secret every silo and gateway of the cluster holds: silos answer their data plane only to callers that present it.</summary>
    public string? Secret { get; init; }

    /// <summary>Mutual TLS on the Orleans silo and gateway ports with the cluster certificate; null leaves that traffic unauthenticated and in clear.</summary>
    public ClusterTlsOptions? Tls { get; init; }
}
