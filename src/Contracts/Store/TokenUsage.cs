namespace Cluster.Contracts.Store;

/// <summary>Counted use: requests and tokens.</summary>
/// <param name="Requests">Requests answered.</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Generated tokens.</param>
/// <param name="CachedTokens">Prompt tokens served from the KV cache.</param>
public sealed record TokenUsage(long Requests, long PromptTokens, long CompletionTokens, long CachedTokens)
{
    /// <summary>No use.</summary>
    public static TokenUsage None { get; } = new(0, 0, 0, 0);

    /// <summary>The sum of two counts.</summary>
    public TokenUsage Add(TokenUsage other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new(Requests + other.Requests, PromptTokens + other.PromptTokens, CompletionTokens + other.CompletionTokens, CachedTokens + other.CachedTokens);
    }
}
