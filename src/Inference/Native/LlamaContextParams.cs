using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_context_params, field for field in C order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaContextParams
{
    /// <summary>Text context in tokens (0 = from the model).</summary>
    public uint ContextSize;

    /// <summary>Logical maximum tokens in one llama_decode.</summary>
    public uint BatchSize;

    /// <summary>Physical maximum batch size.</summary>
    public uint MicroBatchSize;

    /// <summary>Maximum number of sequences.</summary>
    public uint MaxSequences;

    /// <summary>Recurrent-state snapshots per sequence.</summary>
    public uint RecurrentSnapshotsPerSequence;

    /// <summary>Maximum outputs in a ubatch (0 = n_batch).</summary>
    public uint MaxOutputs;

    /// <summary>Maximum outputs per sequence.</summary>
    public uint MaxOutputsPerSequence;

    /// <summary>Threads for single-token generation.</summary>
    public int Threads;

    /// <summary>Threads for prompt and batch processing.</summary>
    public int BatchThreads;

    /// <summary>Context type (0 = default).</summary>
    public int ContextType;

    /// <summary>RoPE scaling type (-1 = from the model).</summary>
    public int RopeScalingType;

    /// <summary>Pooling type (Unspecified = from the model).</summary>
    public LlamaPoolingType PoolingType;

    /// <summary>Attention type (-1 = unspecified).</summary>
    public int AttentionType;

    /// <summary>When to use flash attention.</summary>
    public LlamaFlashAttention FlashAttention;

    /// <summary>RoPE base frequency (0 = from the model).</summary>
    public float RopeFrequencyBase;

    /// <summary>RoPE frequency scale (0 = from the model).</summary>
    public float RopeFrequencyScale;

    /// <summary>YaRN extrapolation mix factor.</summary>
    public float YarnExtFactor;

    /// <summary>YaRN magnitude scaling factor.</summary>
    public float YarnAttnFactor;

    /// <summary>YaRN low correction dimension.</summary>
    public float YarnBetaFast;

    /// <summary>YaRN high correction dimension.</summary>
    public float YarnBetaSlow;

    /// <summary>YaRN original context size.</summary>
    public uint YarnOriginalContext;

    /// <summary>Deprecated defragmentation threshold.</summary>
    public float DefragThreshold;

    /// <summary>Scheduler evaluation callback.</summary>
    public nint EvalCallback;

    /// <summary>User data of EvalCallback.</summary>
    public nint EvalCallbackUserData;

    /// <summary>Type of the K cache.</summary>
    public GgmlType TypeK;

    /// <summary>Type of the V cache.</summary>
    public GgmlType TypeV;

    /// <summary>Abort callback (CPU only).</summary>
    public nint AbortCallback;

    /// <summary>User data of AbortCallback.</summary>
    public nint AbortCallbackData;

    /// <summary>Extract embeddings too.</summary>
    public bool Embeddings;

    /// <summary>Offload KQV ops and the KV cache to the GPU.</summary>
    public bool OffloadKqv;

    /// <summary>Do not measure performance timings.</summary>
    public bool NoPerf;

    /// <summary>Offload host tensor operations to the device.</summary>
    public bool OpOffload;

    /// <summary>Full-size SWA cache.</summary>
    public bool SwaFull;

    /// <summary>One KV buffer shared by all sequences; false gives per-sequence KV (faster for independent streams).</summary>
    public bool KvUnified;

    /// <summary>Backend (GPU) sampler chains per sequence; the caller keeps them alive.</summary>
    public LlamaSamplerSeqConfig* Samplers;

    /// <summary>Number of entries in Samplers.</summary>
    public nuint SamplerCount;

    /// <summary>A source/target context to share memory with.</summary>
    public nint OtherContext;
}
