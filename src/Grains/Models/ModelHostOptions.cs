using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;

namespace Cluster.Grains.Models;

/// <summary>How one model grain loads and serves its model.</summary>
public sealed record ModelHostOptions
{
    /// <summary>The id clients use; defaults to the file name without extension.</summary>
    public string? ModelId { get; init; }

    /// <summary>The GGUF file.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>The vision projector (mmproj GGUF) that lets the model read images; null for a text-only model (<c>--mmproj</c>).</summary>
    public string? Projector { get; init; }

    /// <summary>Layers on the GPU (-1 = all).</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>The GPU that holds the model (split mode None) or its KV and intermediate results (Row); an index among llama.cpp's GPUs.</summary>
    public int MainGpu { get; init; }

    /// <summary>The GPUs the model uses (<c>Gpus:0</c>, <c>Gpus:1</c>, …); empty: <see cref="MainGpu"/>, or <see cref="TensorParallel"/> GPUs from it.</summary>
    public IList<int> Gpus { get; init; } = [];

    /// <summary>How the model is split over its GPUs: None, Layer or Row; unset: Layer over several GPUs, else None.</summary>
    public LlamaSplitMode? SplitMode { get; init; }

    /// <summary>The share each GPU holds, in <see cref="Gpus"/> order (<c>TensorSplit:0=3</c>, <c>TensorSplit:1=1</c>); empty: by free memory.</summary>
    public IList<float> TensorSplit { get; init; } = [];

    /// <summary>Split the model over this many GPUs starting at <see cref="MainGpu"/> (<c>--tp N</c>, as vLLM and LMDeploy write it).</summary>
    public int? TensorParallel { get; init; }

    /// <summary>
    /// Copies of the model, each with its own weights, context and scheduler on its own GPU(s), served under one name
    /// (<c>--replicas N</c>, or <c>--dp N</c> as LMDeploy writes it): the model's GPUs are cut into N equal groups in order.
    /// </summary>
    public int Replicas { get; init; } = 1;

    /// <summary>Retry-After sent with 429 and 503.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>LoRA adapters served next to the model (<c>Adapters:N:Name</c>, <c>Path</c>, <c>Scale</c>, <c>Aliases:M</c>).</summary>
    public IList<LoraAdapterOptions> Adapters { get; init; } = [];

    /// <summary>The scheduler's shape and engine settings (<c>Silo:Models:N:Scheduler:*</c>).</summary>
    public BatchSchedulerOptions Scheduler { get; init; } = new();

    /// <summary>The id this grain answers to.</summary>
    public string ResolvedModelId => ModelId ?? System.IO.Path.GetFileNameWithoutExtension(Path);
}
