namespace Cluster.Grains.Nodes;

/// <summary>The cluster's external nodes (LMDeploy's proxy node API), as grain state, so every gateway routes to the same ones; key <see cref="Registry"/>.</summary>
[Alias("cluster.external-nodes")]
public interface IExternalNodesGrain : IGrainWithStringKey
{
    /// <summary>The key of the one registry grain.</summary>
    public const string Registry = "nodes";

    /// <summary>Every node.</summary>
    [Alias("list")]
    Task<IReadOnlyList<ExternalNodeRecord>> ListAsync();

    /// <summary>Adds a node, or replaces the one with its URL.</summary>
    [Alias("put")]
    Task PutAsync(ExternalNodeRecord node);

    /// <summary>Removes a node; false when no node has this URL.</summary>
    [Alias("remove")]
    Task<bool> RemoveAsync(string url);
}
