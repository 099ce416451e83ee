namespace Cluster.Contracts.OpenAI;

/// <summary>GET /v1/models.</summary>
public sealed record ModelList
{
    /// <summary>Always "list".</summary>
    public string Object { get; init; } = "list";

    /// <summary>The models served.</summary>
    public required IReadOnlyList<ModelInfo> Data { get; init; }
}
