namespace Cluster.Grains.Models;

/// <summary>What adding or removing a LoRA adapter did on one silo.</summary>
/// <param name="Silo">The silo's name.</param>
/// <param name="Change">Its outcome there.</param>
[GenerateSerializer, Immutable, Alias("cluster.silo-adapter-change")]
public sealed record SiloAdapterChange([property: Id(0)] string Silo, [property: Id(1)] AdapterChange Change);
