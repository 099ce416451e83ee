namespace Cluster.Grains.Silos;

/// <summary>How this silo's data plane is reached (section "Cluster:DataPlane").</summary>
public sealed record DataPlaneOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cluster:DataPlane";

    /// <summary>The URL gateways forward to; null derives it from the bound address.</summary>
    public string? AdvertisedUrl { get; init; }
}
