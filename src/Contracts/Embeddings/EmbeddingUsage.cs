namespace Cluster.Contracts.Embeddings;

/// <summary>Token counts of an embeddings request (it generates nothing, so total equals prompt).</summary>
public sealed record EmbeddingUsage
{
    /// <summary>Tokens of all inputs.</summary>
    public required int PromptTokens { get; init; }

    /// <summary>The same as <see cref="PromptTokens"/>.</summary>
    public required int TotalTokens { get; init; }
}
