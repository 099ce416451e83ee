namespace Cluster.Grains.Models;

/// <summary>A model on a silo: what it is and its load now.</summary>
/// <param name="ModelId">The id clients use.</param>
/// <param name="Status">Whether it serves.</param>
/// <param name="Device">Device it runs on.</param>
/// <param name="Fingerprint">Identifies the exact weights: KV moves only between equal fingerprints.</param>
/// <param name="Slots">Sequences decoded together.</param>
/// <param name="ActiveSequences">Sequences prefilling or decoding.</param>
/// <param name="QueuedRequests">Requests waiting for a slot.</param>
/// <param name="QueueCapacity">Most requests that may wait.</param>
/// <param name="KvTokensUsed">KV cells in use.</param>
/// <param name="KvTokensCapacity">KV cells in all.</param>
/// <param name="Sessions">Sessions whose KV the scheduler keeps.</param>
/// <param name="FailureReason">Why it is <see cref="ModelStatus.Failed"/>, else null.</param>
/// <param name="Gpus">The GPUs it occupies on its silo (indexes among llama.cpp's GPUs); empty on the CPU.</param>
/// <param name="SplitMode">How it is split over them: "none", "layer" or "row".</param>
/// <param name="Adapters">The names that select one of its LoRA adapters ("base:adapter" and aliases).</param>
/// <param name="GeneratedTokens">Output tokens generated since its scheduler started (dashboards read throughput from its growth).</param>
/// <param name="IsEmbeddingModel">Whether it is an embedding model (serves /v1/embeddings, not chat or completions).</param>
[GenerateSerializer, Immutable, Alias("cluster.model-info")]
public sealed record ModelInfo(
    [property: Id(0)] string ModelId,
    [property: Id(1)] ModelStatus Status,
    [property: Id(2)] string Device,
    [property: Id(3)] string Fingerprint,
    [property: Id(4)] int Slots,
    [property: Id(5)] int ActiveSequences,
    [property: Id(6)] int QueuedRequests,
    [property: Id(7)] int QueueCapacity,
    [property: Id(8)] long KvTokensUsed,
    [property: Id(9)] long KvTokensCapacity,
    [property: Id(10)] int Sessions,
    [property: Id(11)] string? FailureReason,
    [property: Id(12)] long GeneratedTokens,
    [property: Id(13)] IReadOnlyList<int> Gpus,
    [property: Id(14)] string SplitMode,
    [property: Id(15)] IReadOnlyList<string> Adapters,
    [property: Id(24)] bool IsEmbeddingModel = false)
{
    /// <summary>Load as a fraction of the slots: (queued + active) / slots.</summary>
    public double Load => (double)(QueuedRequests + ActiveSequences) / Math.Max(1, Slots);

    /// <summary>Whether a request naming <paramref name="name"/> runs on this model: its id, or one of its adapters' names.</summary>
    public bool Serves(string name) => ModelId == name || Adapters.Contains(name);

    /// <summary>Free KV as a fraction of the capacity.</summary>
    public double FreeKv => KvTokensCapacity == 0 ? 0 : 1 - ((double)KvTokensUsed / KvTokensCapacity);
}
