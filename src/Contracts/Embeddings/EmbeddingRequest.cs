using System.Text.Json;

namespace Cluster.Contracts.Embeddings;

/// <summary>POST /v1/embeddings.</summary>
public sealed record EmbeddingRequest
{
    /// <summary>A string, a list of strings, a list of token ids, or a list of token-id lists (required).</summary>
    public JsonElement? Input { get; init; }

    /// <summary>The embedding model; when absent, the only model served.</summary>
    public string? Model { get; init; }

    /// <summary>"float" (default) or "base64" (the little-endian float32 bytes of each vector).</summary>
    public string? EncodingFormat { get; init; }

    /// <summary>Length of the returned vectors; only the model's own width is supported (it is not trained to be shortened).</summary>
    public int? Dimensions { get; init; }

    /// <summary>The end user (accepted, not used).</summary>
    public string? User { get; init; }
}
