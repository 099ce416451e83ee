namespace Cluster.Inference.Multimodal;

/// <summary>How a vision projector runs.</summary>
public sealed record VisionProjectorOptions
{
    /// <summary>Run the projector on the GPU when llama.cpp has one.</summary>
    public bool UseGpu { get; init; } = true;

    /// <summary>CPU threads for encoding (when on the CPU).</summary>
    public int Threads { get; init; } = Math.Max(1, Environment.ProcessorCount / 2);

    /// <summary>Run one encode at load, so the first request does not pay for graph setup.</summary>
    public bool Warmup { get; init; } = true;
}
