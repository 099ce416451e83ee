namespace Cluster.Gateway.Cluster;

/// <summary>How YARP watches the silos' data planes (section "Gateway:Health"): Orleans says which silos live, this says whether their HTTP answers.</summary>
public sealed record HealthOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Health";

    /// <summary>Interval of YARP's active probe of each silo; zero turns the probe off.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The silo path the active probe calls (silos answer /health/* without the cluster secret).</summary>
    public string CheckPath { get; init; } = "/health/ready";

    /// <summary>How long a silo that refused a connection stays out before it is tried again.</summary>
    public TimeSpan PassiveReactivationPeriod { get; init; } = TimeSpan.FromSeconds(5);
}
