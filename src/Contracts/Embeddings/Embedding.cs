using System.Text.Json.Serialization;

namespace Cluster.Contracts.Embeddings;

/// <summary>One input's embedding in an <see cref="EmbeddingList"/>.</summary>
public sealed record Embedding
{
    /// <summary>Always "embedding".</summary>
    public string Object { get; init; } = "embedding";

    /// <summary>The input's position in the request.</summary>
    public required int Index { get; init; }

    /// <summary>The unit-length vector.</summary>
    [JsonPropertyName("embedding")]
    public required EmbeddingVector Vector { get; init; }
}
