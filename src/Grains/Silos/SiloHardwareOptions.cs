namespace Cluster.Grains.Silos;

/// <summary>What a silo reports about its hardware (section "Cluster:Hardware"), when the models' devices do not say it.</summary>
public sealed record SiloHardwareOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Cluster:Hardware";

    /// <summary>GPU name to report; null reports the models' device names.</summary>
    public string? GpuName { get; init; }

    /// <summary>GPU memory in bytes to report; 0 when unknown.</summary>
    public long GpuMemoryBytes { get; init; }
}
