namespace Cluster.Grains.Sessions;

/// <summary>The grain storage provider every stateful grain of the cluster uses: memory (embedded default) or Redis.</summary>
public static class ClusterStorage
{
    /// <summary>The provider's name.</summary>
    public const string Name = "cluster";
}
