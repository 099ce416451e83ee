namespace Cluster.Grains.Keys;

/// <summary>Counted use: requests and tokens.</summary>
/// <param name="Requests">Requests answered.</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Generated tokens.</param>
/// <param name="CachedTokens">Prompt tokens served from the KV cache.</param>
[GenerateSerializer, Immutable, Alias("cluster.token-usage")]
public sealed record TokenUsage(
    [property: Id(0)] long Requests,
    [property: Id(1)] long PromptTokens,
    [property: Id(2)] long CompletionTokens,
    [property: Id(3)] long CachedTokens)
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
