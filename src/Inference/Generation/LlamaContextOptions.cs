using Cluster.Inference.Native;

namespace Cluster.Inference.Generation;

/// <summary>Shape of a llama.cpp context: size, batching, sequences, threads, KV layout.</summary>
public sealed record LlamaContextOptions
{
    /// <summary>Total context in tokens (shared by all sequences unless KvUnified is false, when each gets ContextSize / Sequences).</summary>
    public int ContextSize { get; init; } = 4096;

    /// <summary>Most tokens submitted in one decode.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Physical micro-batch.</summary>
    public int MicroBatchSize { get; init; } = 512;

    /// <summary>Parallel sequences (KV slots).</summary>
    public int Sequences { get; init; } = 1;

    /// <summary>CPU threads; null sizes them from the available cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Flash attention.</summary>
    public LlamaFlashAttention FlashAttention { get; init; } = LlamaFlashAttention.Auto;

    /// <summary>One KV buffer for all sequences; false (per-sequence KV) is faster for independent streams (DESIGN.md §3).</summary>
    public bool KvUnified { get; init; }

    /// <summary>KV cache element type.</summary>
    public GgmlType KvType { get; init; } = GgmlType.F16;

    /// <summary>Reserve backend (GPU) sampler slots so chains can be attached per sequence with llama_set_sampler.</summary>
    public bool BackendSampling { get; init; }

    /// <summary>Output pooled embeddings (one vector per sequence, pooled as the model's GGUF says) instead of logits.</summary>
    public bool Embeddings { get; init; }
}
