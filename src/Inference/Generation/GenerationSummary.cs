namespace Cluster.Inference.Generation;

/// <summary>How a generation ended and what it used.</summary>
/// <param name="FinishReason">Stop or length.</param>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="CompletionTokens">Tokens generated, the end-of-generation token excluded.</param>
/// <param name="MatchedStop">The stop string that ended it, or null.</param>
/// <param name="CachedPromptTokens">Prompt tokens whose KV was reused instead of computed.</param>
/// <param name="EndToken">The end-of-generation token that ended it (not part of the text), or null.</param>
public sealed record GenerationSummary(FinishReason FinishReason, int PromptTokens, int CompletionTokens, string? MatchedStop,
    int CachedPromptTokens = 0, Native.LlamaToken? EndToken = null);
