namespace Cluster.Grains.Models;

/// <summary>What adding or removing a LoRA adapter did on one silo.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Message">What happened, or what to change.</param>
/// <param name="Removed">On a removal that was done, the adapter's settings there (what undoing it loads again); else null.</param>
[GenerateSerializer, Immutable, Alias("cluster.adapter-change")]
public sealed record AdapterChange(
    [property: Id(0)] AdapterChangeStatus Status,
    [property: Id(1)] string Message,
    [property: Id(2)] LoraAdapterOptions? Removed = null);
