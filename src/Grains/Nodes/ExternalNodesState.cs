namespace Cluster.Grains.Nodes;

/// <summary>The stored external nodes.</summary>
[GenerateSerializer, Alias("cluster.external-nodes-state")]
public sealed class ExternalNodesState
{
    /// <summary>Every node, in the order added.</summary>
    [Id(0)]
    public List<ExternalNodeRecord> Nodes { get; set; } = [];
}
