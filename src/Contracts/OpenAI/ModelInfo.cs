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
}
