namespace Cluster.Grains.Hosting;

/// <summary>Where Orleans keeps cluster membership.</summary>
public enum ClusterMembershipKind
{
    /// <summary>On one machine: the primary silo keeps membership in memory; grain state in memory.</summary>
    Localhost,

    /// <summary>In Redis: any number of machines; grain state in Redis too.</summary>
    Redis,
}
