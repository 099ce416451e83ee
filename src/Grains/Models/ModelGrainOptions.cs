using Cluster.Inference.Native;

namespace Cluster.Grains.Models;

/// <summary>How one model grain loads and serves its model.</summary>
public sealed record ModelGrainOptions
{
    /// <summary>The id clients use; defaults to the file name without extension.</summary>
    public string? ModelId { get; init; }

    /// <summary>The GGUF file.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Layers on the GPU (-1 = all).</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>The GPU index.</summary>
    public int MainGpu { get; init; }

    /// <summary>Tokens one request may use (prompt and output).</summary>
    public int ContextPerSequence { get; init; } = 4096;

    /// <summary>Sequences decoded together (KV slots).</summary>
    public int ParallelSequences { get; init; } = 4;

    /// <summary>Most tokens in one decode step (decoding tokens plus prefill chunks).</summary>
    public int StepTokenBudget { get; init; } = 512;

    /// <summary>Requests that may wait for a slot before new ones get 429.</summary>
    public int QueueCapacity { get; init; } = 64;

    /// <summary>Retry-After sent with 429 and 503.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>CPU threads; null sizes them from the available cores.</summary>
    public int? Threads { get; init; }

    /// <summary>Flash attention.</summary>
    public LlamaFlashAttention FlashAttention { get; init; } = LlamaFlashAttention.Auto;

    /// <summary>A stateless request starts from the longest prefix of its prompt that a free slot still holds (sessions always keep theirs).</summary>
    public bool PrefixReuse { get; init; } = true;

    /// <summary>One KV buffer for all sequences instead of one per sequence (llama.cpp's kv_unified); attention then spans every sequence's cells.</summary>
    public bool KvUnified { get; init; }

    /// <summary>KV cache element type.</summary>
    public GgmlType KvType { get; init; } = GgmlType.F16;

    /// <summary>Sample on the GPU with llama.cpp's backend samplers; off by default: at 64 streams on an H200 host sampling in
    /// parallel across cores delivered 2,256 tok/s against 1,801 with backend chains (bench/results/serving-h200.md).</summary>
    public bool BackendSampling { get; init; }

    /// <summary>With backend sampling, run only penalties, bans and top-k on the GPU and the rest on the host over the k survivors.</summary>
    public bool HostSamplingAfterTopK { get; init; } = true;

    /// <summary>Without backend sampling, draw from the candidates found by one vectorised scan of each logits row instead of llama.cpp's full candidate copy (requests without penalties).</summary>
    public bool HostCandidateScan { get; init; } = true;

    /// <summary>The id this grain answers to.</summary>
    public string ResolvedModelId => ModelId ?? System.IO.Path.GetFileNameWithoutExtension(Path);
}
