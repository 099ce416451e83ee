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

    /// <summary>The GPU index.</summary>
    public int MainGpu { get; init; }

    /// <summary>Retry-After sent with 429 and 503.</summary>
    public TimeSpan RetryAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The scheduler's shape and engine settings (<c>Silo:Models:N:Scheduler:*</c>).</summary>
    public BatchSchedulerOptions Scheduler { get; init; } = new();

    /// <summary>The id this grain answers to.</summary>
    public string ResolvedModelId => ModelId ?? System.IO.Path.GetFileNameWithoutExtension(Path);
}
