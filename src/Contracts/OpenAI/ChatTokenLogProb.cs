namespace Cluster.Contracts.OpenAI;

/// <summary>One token with its log probability; as an entry of content, with the most likely alternatives.</summary>
public sealed record ChatTokenLogProb
{
    /// <summary>The token's text.</summary>
    public required string Token { get; init; }

    /// <summary>Its natural-log probability.</summary>
    public required float Logprob { get; init; }

    /// <summary>Its UTF-8 bytes (a token may hold part of a character).</summary>
    public required IReadOnlyList<int> Bytes { get; init; }

    /// <summary>The most likely tokens at this position (top_logprobs of them); absent on the alternatives themselves.</summary>
    public IReadOnlyList<ChatTokenLogProb>? TopLogprobs { get; init; }
}
