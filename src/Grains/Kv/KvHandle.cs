namespace Cluster.Grains.Kv;

/// <summary>
/// What a migrating session carries in its dehydration context instead of its KV bytes (hundreds of MiB for a long
/// session of a large model): where the new activation fetches them, and what they hold.
/// </summary>
/// <param name="Handle">The stash entry on the source silo.</param>
/// <param name="Source">The source silo's data-plane URL.</param>
/// <param name="Fingerprint">The weights the KV was computed on; another model's silo recomputes instead.</param>
/// <param name="Tokens">Tokens the KV covers.</param>
/// <param name="Bytes">Size of the KV state.</param>
/// <param name="History">The session's token history (its next turn's prompt starts with it): a few KiB, unlike the KV.</param>
[GenerateSerializer, Immutable, Alias("cluster.kv-handle")]
public sealed record KvHandle(
    [property: Id(0)] string Handle,
    [property: Id(1)] string Source,
    [property: Id(2)] string Fingerprint,
    [property: Id(3)] int Tokens,
    [property: Id(4)] long Bytes,
    [property: Id(5)] IReadOnlyList<int> History);
