namespace Cluster.Contracts.OpenAI;

/// <summary>One model, as GET /v1/models lists it.</summary>
public sealed record ModelInfo
{
    /// <summary>The id to pass as "model".</summary>
    public required string Id { get; init; }

    /// <summary>Always "model".</summary>
    public string Object { get; init; } = "model";

    /// <summary>Unix seconds.</summary>
    public required long Created { get; init; }

    /// <summary>Who serves it.</summary>
    public required string OwnedBy { get; init; }

    /// <summary>The base model it runs on (its own id for a base model), as vLLM writes it.</summary>
    public string? Root { get; init; }

    /// <summary>For a LoRA adapter, the base model it applies to; null for a base model.</summary>
    public string? Parent { get; init; }

    /// <summary>The GPUs it occupies on this silo (indexes among llama.cpp's GPUs); empty on the CPU.</summary>
    public IReadOnlyList<int>? Gpus { get; init; }

    /// <summary>The GPUs of each of its replicas on this silo (one entry per replica; an empty entry is a replica on the CPU).</summary>
    public IReadOnlyList<IReadOnlyList<int>>? ReplicaGpus { get; init; }

    /// <summary>How it is split over <see cref="Gpus"/>: "none", "layer" or "row".</summary>
    public string? SplitMode { get; init; }
}
