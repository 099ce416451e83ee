namespace Cluster.Grains.Keys;

/// <summary>The stored usage of one key.</summary>
[GenerateSerializer, Alias("cluster.key-usage-state")]
public sealed class KeyUsageState
{
    /// <summary>The totals so far.</summary>
    [Id(0)]
    public TokenUsage Total { get; set; } = TokenUsage.None;
}
