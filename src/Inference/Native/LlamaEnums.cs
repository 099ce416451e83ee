namespace Cluster.Inference.Native;

/// <summary>Result of llama_decode.</summary>
public enum LlamaDecodeResult
{
    /// <summary>Fatal error below -1; processed ubatches remain in memory (any value &lt; -1 maps here).</summary>
    Fatal = -2,

    /// <summary>The batch was invalid (bad sequence id, position or token); memory is unchanged.</summary>
    InvalidBatch = -1,

    /// <summary>The batch was decoded.</summary>
    Success = 0,

    /// <summary>No KV slot could hold the batch; memory is unchanged. Shrink the batch or free sequences.</summary>
    NoKvSlot = 1,

    /// <summary>The abort callback stopped the decode (CPU only); processed ubatches remain in memory.</summary>
    Aborted = 2,
}

/// <summary>When flash attention is used (llama_flash_attn_type).</summary>
public enum LlamaFlashAttention
{
    /// <summary>llama.cpp decides per device.</summary>
    Auto = -1,

    /// <summary>Never.</summary>
    Disabled = 0,

    /// <summary>Always.</summary>
    Enabled = 1,
}

/// <summary>How a model is split over several GPUs (llama_split_mode).</summary>
public enum LlamaSplitMode
{
    /// <summary>The whole model on main_gpu.</summary>
    None = 0,

    /// <summary>Layers and KV split across GPUs.</summary>
    Layer = 1,

    /// <summary>Rows split across GPUs.</summary>
    Row = 2,

    /// <summary>Tensor parallelism.</summary>
    Tensor = 3,
}

/// <summary>How weights are read from the file (llama_load_mode).</summary>
public enum LlamaLoadMode
{
    /// <summary>Chosen from the device's abilities.</summary>
    Auto = -1,

    /// <summary>Plain reads.</summary>
    None = 0,

    /// <summary>Memory-mapped.</summary>
    Mmap = 1,

    /// <summary>Locked in RAM.</summary>
    Mlock = 2,

    /// <summary>Memory-mapped and locked.</summary>
    MmapMlock = 3,

    /// <summary>Direct I/O where available.</summary>
    DirectIo = 4,
}

/// <summary>On-demand reading of tensors (llama_lazy_mode).</summary>
public enum LlamaLazyMode
{
    /// <summary>Read every tensor up front.</summary>
    Off = 0,

    /// <summary>Lazy only for marked tensors over 4 GiB.</summary>
    Auto = 1,

    /// <summary>Lazy for every marked tensor.</summary>
    On = 2,
}

/// <summary>ggml tensor types used for the KV cache (subset of ggml_type).</summary>
public enum GgmlType
{
    /// <summary>32-bit float.</summary>
    F32 = 0,

    /// <summary>16-bit float.</summary>
    F16 = 1,

    /// <summary>8-bit blocks of 32 with an f16 scale.</summary>
    Q8_0 = 8,

    /// <summary>bfloat16.</summary>
    BF16 = 30,
}

/// <summary>Severity of a llama.cpp / ggml log line (ggml_log_level).</summary>
public enum GgmlLogLevel
{
    /// <summary>No level.</summary>
    None = 0,

    /// <summary>Debug detail.</summary>
    Debug = 1,

    /// <summary>Information.</summary>
    Info = 2,

    /// <summary>Warning.</summary>
    Warn = 3,

    /// <summary>Error.</summary>
    Error = 4,

    /// <summary>Continuation of the previous line.</summary>
    Cont = 5,
}

/// <summary>Kind of a ggml backend device (ggml_backend_dev_type).</summary>
public enum GgmlDeviceType
{
    /// <summary>CPU with system memory.</summary>
    Cpu = 0,

    /// <summary>GPU with its own memory.</summary>
    Gpu = 1,

    /// <summary>Integrated GPU using host memory.</summary>
    IntegratedGpu = 2,

    /// <summary>Accelerator used together with the CPU (e.g. BLAS, AMX).</summary>
    Accelerator = 3,

    /// <summary>Meta device spanning others.</summary>
    Meta = 4,
}

/// <summary>How token embeddings are pooled into one vector per sequence (llama_pooling_type).</summary>
public enum LlamaPoolingType
{
    /// <summary>Not set: the model's GGUF (<c>{arch}.pooling_type</c>) decides.</summary>
    Unspecified = -1,

    /// <summary>No pooling: a generation model (or per-token embeddings).</summary>
    None = 0,

    /// <summary>The mean of the sequence's token embeddings.</summary>
    Mean = 1,

    /// <summary>The first token's embedding (BERT's CLS).</summary>
    Cls = 2,

    /// <summary>The last token's embedding.</summary>
    Last = 3,

    /// <summary>A reranker's classification head: one score per sequence, not an embedding.</summary>
    Rank = 4,
}
