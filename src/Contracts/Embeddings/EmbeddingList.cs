namespace Cluster.Contracts.Embeddings;

/// <summary>The answer to POST /v1/embeddings.</summary>
public sealed record EmbeddingList
{
    /// <summary>Always "list".</summary>
    public string Object { get; init; } = "list";

    /// <summary>One embedding per input, in input order.</summary>
    public required IReadOnlyList<Embedding> Data { get; init; }

    /// <summary>The model that embedded them.</summary>
    public required string Model { get; init; }

    /// <summary>Tokens read.</summary>
    public required EmbeddingUsage Usage { get; init; }
}
