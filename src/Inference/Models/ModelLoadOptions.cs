namespace Cluster.Inference.Models;

/// <summary>How a model is placed on devices when loaded.</summary>
public sealed record ModelLoadOptions
{
    /// <summary>Layers offloaded to the GPU; -1 offloads all (ignored without a GPU backend).</summary>
    public int GpuLayers { get; init; } = -1;

    /// <summary>The GPU that holds the whole model.</summary>
    public int MainGpu { get; init; }

    /// <summary>Memory-map the file instead of reading it (faster start, shared page cache).</summary>
    public bool UseMmap { get; init; } = true;
}
