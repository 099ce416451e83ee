namespace Cluster.Gateway.Membership;

/// <summary>How the gateway follows silo membership (section "Gateway:Membership").</summary>
public sealed record MembershipOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Membership";

    /// <summary>A silo whose last heartbeat is older than this is out.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>A silo silent for this long is removed from the store (a crashed silo's row would stay for ever); zero keeps every row.</summary>
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the gateway re-reads membership from the store.</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Shared secret silos send in X-Cluster-Secret with heartbeats; null accepts any heartbeat.</summary>
    public string? Secret { get; init; }

    /// <summary>Interval of YARP's active health probe of each silo; zero turns the probe off.</summary>
    public TimeSpan HealthCheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The silo path the active probe calls.</summary>
    public string HealthCheckPath { get; init; } = "/health/ready";

    /// <summary>How long a silo that refused a connection stays out before it is tried again.</summary>
    public TimeSpan PassiveReactivationPeriod { get; init; } = TimeSpan.FromSeconds(5);
}
