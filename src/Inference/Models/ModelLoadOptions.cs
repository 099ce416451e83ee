using Cluster.Inference.Native;

namespace Cluster.Inference.Models;

/// <summary>How a model is placed on devices when loaded.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>Layers offloaded to the GPU; -1 offloads all (ignored without a GPU backend).</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>
    /// With <see cref="LlamaSplitMode.None"/>, the GPU that holds the whole model; with <see cref="LlamaSplitMode.Row"/>,
    /// the GPU that keeps intermediate results and the KV. An index among the GPUs llama.cpp lists.
    /// </summary>
    public int MainGpu { get; init; }

    /// <summary>How the model is split over <see cref="Gpus"/>.</summary>
    public LlamaSplitMode SplitMode { get; init; } = LlamaSplitMode.None;

    /// <summary>The GPUs the model uses (indexes among the GPUs llama.cpp lists); empty lets llama.cpp pick (CPU builds, one GPU).</summary>
    public IReadOnlyList<int> Gpus { get; init; } = [];

    /// <summary>The share of layers (or rows) each of <see cref="Gpus"/> holds, in the same order; empty splits by free memory.</summary>
    public IReadOnlyList<float> TensorSplit { get; init; } = [];

    /// <summary>Memory-map the file instead of reading it (faster start, shared page cache).</summary>
    public bool UseMmap { get; init; } = true;
}
