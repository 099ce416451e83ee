namespace Cluster.Contracts.OpenAI;

/// <summary>A text completion's log probabilities in the legacy layout: parallel lists, one entry per generated token.</summary>
public sealed record CompletionLogProbs
{
    /// <summary>The tokens' texts.</summary>
    public required IReadOnlyList<string> Tokens { get; init; }

    /// <summary>Their natural-log probabilities.</summary>
    public required IReadOnlyList<float> TokenLogprobs { get; init; }

    /// <summary>At each position, the most likely tokens (logprobs of them) by text.</summary>
    public required IReadOnlyList<IReadOnlyDictionary<string, float>> TopLogprobs { get; init; }

    /// <summary>Where each token's text starts in the generated text (characters).</summary>
    public required IReadOnlyList<int> TextOffset { get; init; }
}
