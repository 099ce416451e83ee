namespace Cluster.Grains.Models;

/// <summary>The stored runtime adapters of one base model.</summary>
[GenerateSerializer, Alias("cluster.model-adapters-state")]
public sealed class ModelAdaptersState
{
    /// <summary>Grows with every kept change.</summary>
    [Id(0)]
    public long Version { get; set; }

    /// <summary>The adapters, in the order added.</summary>
    [Id(1)]
    public List<LoraAdapterOptions> Adapters { get; set; } = [];
}
