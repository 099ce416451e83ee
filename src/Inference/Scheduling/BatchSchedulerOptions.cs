using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

/// <summary>Shape of a continuous-batching scheduler: slots, per-slot context, step budget, queue.</summary>
public sealed record BatchSchedulerOptions
{
    /// <summary>Sequences decoded together (KV slots).</summary>
    public int Sequences { get; init; } = 4;

    /// <summary>Tokens one sequence may hold (prompt and output).</summary>
    public int ContextPerSequence { get; init; } = 4096;

    /// <summary>Most tokens per decode step: one per decoding sequence, the rest goes to prefill chunks.</summary>
    public int StepTokenBudget { get; init; } = 512;

    /// <summary>Requests that may wait for a slot.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>CPU threads; null sizes them from the available cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Flash attention.</summary>
    public LlamaFlashAttention FlashAttention { get; init; } = LlamaFlashAttention.Auto;

    /// <summary>KV cache element type.</summary>
    public GgmlType KvType { get; init; } = GgmlType.F16;

    /// <summary>Host memory for the KV of evicted idle sessions; beyond it the least recently used are dropped and rebuilt from history.</summary>
    public long SessionHostBudgetBytes { get; init; } = 4L << 30;

    /// <summary>Run each request's sampler chain on the backend (GPU) through llama_set_sampler.</summary>
    public bool BackendSampling { get; init; } = true;

    /// <summary>With backend sampling, run only penalties, bans and top-k on the GPU and the rest on the host over the k survivors.</summary>
    public bool HostSamplingAfterTopK { get; init; } = true;
}
