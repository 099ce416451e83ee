namespace Cluster.Grains.Models;

/// <summary>The LoRA adapters a base model was given at run time, cluster-wide.</summary>
/// <param name="Version">Grows with every kept change, so a silo re-applies the set only when it changed.</param>
/// <param name="Adapters">The adapters, in the order added.</param>
[GenerateSerializer, Immutable, Alias("cluster.runtime-adapter-set")]
public sealed record RuntimeAdapterSet([property: Id(0)] long Version, [property: Id(1)] IReadOnlyList<LoraAdapterOptions> Adapters);
