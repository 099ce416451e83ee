namespace Cluster.Contracts.OpenAI;

/// <summary>Breakdown of the prompt tokens.</summary>
public sealed record PromptTokensDetails
{
    /// <summary>Prompt tokens whose KV was reused instead of recomputed.</summary>
    public required int CachedTokens { get; init; }
}
