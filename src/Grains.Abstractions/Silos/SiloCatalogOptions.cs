namespace Cluster.Grains.Silos;

/// <summary>How often the <see cref="SiloCatalog"/> is refreshed.</summary>
public sealed record SiloCatalogOptions
{
    /// <summary>The period between refreshes (load travels at this pace).</summary>
    public TimeSpan RefreshInterval { get; init; } = TimeSpan.FromMilliseconds(500);
}
