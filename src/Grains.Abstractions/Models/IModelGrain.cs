namespace Cluster.Grains.Models;

/// <summary>One model on one silo (keyed by <see cref="ModelKeys.Of"/>): the cluster-facing side of that silo's loaded model and its scheduler.</summary>
[Alias("cluster.model")]
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Status, shape and load.</summary>
    [Alias("info")]
    Task<ModelInfo> GetInfoAsync(CancellationToken cancellationToken = default);
}
