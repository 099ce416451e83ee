using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

/// <summary>
/// Shape of a continuous-batching scheduler: slots, per-slot context, step budget, queue, engine settings.
/// The defaults are what the H200 measurements in bench/results/serving-h200.md chose.
/// </summary>
public sealed record BatchSchedulerOptions
{
    /// <summary>Sequences decoded together (KV slots).</summary>
    public int Sequences { get; init; } = 4;

    /// <summary>Tokens one sequence may hold (prompt and output).</summary>
    public int ContextPerSequence { get; init; } = 4096;

    /// <summary>Most tokens per decode step: one per decoding sequence, the rest goes to prefill chunks.</summary>
    public int StepTokenBudget { get; init; } = 2048;

    /// <summary>Most tokens llama.cpp computes at once (n_ubatch); a step holding more is split into several micro-batches.
    /// 2048 prefilled 31,100 tok/s on an H200 against 26,000 with llama.cpp's 512.</summary>
    public int MicroBatchSize { get; init; } = 2048;

    /// <summary>Requests that may wait for a slot before new ones are refused (429).</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Most choices (OpenAI n) one request may ask for; each takes a sequence, so n is also bounded by <see cref="Sequences"/>.</summary>
    public int MaxChoices { get; init; } = 8;

    /// <summary>
    /// Consecutive steps one LoRA adapter group keeps the context while it has work and others wait: every adapter
    /// switch makes llama.cpp re-reserve its compute graph (about 140 ms on an H200 with 64 sequences), so switching
    /// every step ran 4 adapters at 1/15 of one adapter's throughput; a turn of several steps spreads that cost.
    /// </summary>
    public int AdapterStepsPerTurn { get; init; } = 16;

    /// <summary>
    /// Decodes the sequences of different LoRA adapters (and of the base model) together in one step, each token with
    /// its sequence's adapter, when the llama.cpp library has per-sequence adapters (our patched builds); off, or with
    /// npm's prebuilt library, a step decodes one adapter group (<see cref="AdapterStepsPerTurn"/>).
    /// </summary>
    public bool PerSequenceAdapters { get; init; } = true;

    /// <summary>CPU threads; null sizes them from the available cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Flash attention.</summary>
    public LlamaFlashAttention FlashAttention { get; init; } = LlamaFlashAttention.Auto;

    /// <summary>A stateless request starts from the longest prefix of its prompt that a free slot still holds (sessions always keep theirs).</summary>
    public bool PrefixReuse { get; init; } = true;

    /// <summary>One KV buffer for all sequences (attention then spans every sequence's cells) instead of one per sequence.</summary>
    public bool KvUnified { get; init; }

    /// <summary>KV cache element type.</summary>
    public GgmlType KvType { get; init; } = GgmlType.F16;

    /// <summary>Host memory for the KV of evicted idle sessions; beyond it the least recently used are dropped and rebuilt from history.</summary>
    public long SessionHostBudgetBytes { get; init; } = 4L << 30;

    /// <summary>Keep evicted sessions' KV in page-locked host memory (the GPU's ggml host buffer type) so saving and restoring
    /// copy at bus speed; ordinary memory where there is no GPU.</summary>
    public bool SessionHostPinned { get; init; } = true;

    /// <summary>With pinned memory, the size of every host block; null (the default) sizes them for a full slot's KV (when
    /// four fit the budget) and page-locks the whole host budget at start, so a save never waits for page-locking (on an H200 host: saves at
    /// 37.7 GB/s against 4.9 with blocks page-locked as needed); 0 sizes blocks in powers of two, page-locked as needed.</summary>
    public long? SessionHostBlockBytes { get; init; }

    /// <summary>Sample on the GPU with llama.cpp's backend samplers (llama_set_sampler); off by default: at 64 streams on an
    /// H200, host sampling in parallel across cores delivered 2,256 tok/s against 1,801 with backend chains.</summary>
    public bool BackendSampling { get; init; }

    /// <summary>Without <see cref="BackendSampling"/>, the requests that sample on the GPU all the same (greedy, top-k); the rest sample on the host.</summary>
    public BackendSamplingScope BackendSamplingFor { get; init; }

    /// <summary>With backend sampling, run only penalties, bans and top-k on the GPU and the rest on the host over the k survivors.</summary>
    public bool HostSamplingAfterTopK { get; init; } = true;

    /// <summary>Threads that sample on the host, the loop's own included; null takes one per core. A step's rows go to them
    /// one each, or, when the rows are fewer than half the threads, each row's passes are split over all of them.</summary>
    public int? SamplingThreads { get; init; }

    /// <summary>Without backend sampling, draw from the candidates found by one vectorised scan of each logits row instead of llama.cpp's full candidate copy (requests without penalties).</summary>
    public bool HostCandidateScan { get; init; } = true;
}
