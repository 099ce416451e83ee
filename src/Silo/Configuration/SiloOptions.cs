using Cluster.Grains.Models;

namespace Cluster.Silo.Configuration;

/// <summary>The silo's settings (configuration section "Silo"): the models it serves and its limits.</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo";

    /// <summary>Default of <see cref="MaxRequestBodyBytes"/>: 32 MiB, room for a 20 MB image in base64 (OpenAI's image limit).</summary>
    public const long DefaultMaxRequestBodyBytes = 32 * 1024 * 1024;

    /// <summary>The models to load, one grain each (Silo:Models:N:Path, …; --model PATH sets the first).</summary>
    public IList<ModelHostOptions> Models { get; } = [];

    /// <summary>Folder of llama.cpp's libraries; null uses CLUSTER_LLAMA_LIB_DIR or "llama" next to the program.</summary>
    public string? LlamaLibraryDirectory { get; set; }

    /// <summary>
    /// Let ggml-cuda replay captured CUDA graphs (llama.cpp's own default): +2 % to +15 % decode throughput on an H200
    /// (bench/results/cuda-graphs-h200.md). False turns them off, should the abort an earlier build saw under concurrent
    /// load ("illegal instruction" at cudaGraphLaunch) come back; see LlamaLibrary.DisableCudaGraphs.
    /// </summary>
    public bool CudaGraphs { get; set; } = true;

    /// <summary>Largest request body accepted; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = DefaultMaxRequestBodyBytes;

    /// <summary>How often the silo checks the cluster's runtime LoRA adapters (added through the admin API) and applies a changed set.</summary>
    public TimeSpan AdapterSyncPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long after a model replica failed to load (a file still being copied, device memory another process still
    /// held) the silo loads it again; the wait doubles after every further failure, up to 16 times this.
    /// </summary>
    public TimeSpan FailedModelRetry { get; set; } = TimeSpan.FromSeconds(30);
}
