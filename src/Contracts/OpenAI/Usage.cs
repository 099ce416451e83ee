namespace Cluster.Contracts.OpenAI;

/// <summary>Token counts of a request.</summary>
public sealed record Usage
{
    /// <summary>Tokens in the prompt (after the chat template).</summary>
    public required int PromptTokens { get; init; }

    /// <summary>Tokens generated.</summary>
    public required int CompletionTokens { get; init; }

    /// <summary>Prompt plus completion tokens.</summary>
    public required int TotalTokens { get; init; }

    /// <summary>Breakdown of the prompt tokens.</summary>
    public required PromptTokensDetails PromptTokensDetails { get; init; }
}
