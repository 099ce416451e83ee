namespace Cluster.Grains.Models;

/// <summary>What adding or removing a LoRA adapter did on one silo.</summary>
/// <param name="Silo">The silo's name.</param>
/// <param name="Change">Its outcome there.</param>
/// <param name="Undo">
/// When the change failed elsewhere and was undone here, what undoing did (Done, or why it did not: the silo's adapter
/// sync then brings it to the kept set); null when there was nothing to undo.
/// </param>
[GenerateSerializer, Immutable, Alias("cluster.silo-adapter-change")]
public sealed record SiloAdapterChange([property: Id(0)] string Silo, [property: Id(1)] AdapterChange Change, [property: Id(2)] AdapterChange? Undo = null);
