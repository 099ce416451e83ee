using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;

namespace Cluster.Silo.Generation;

/// <summary>Maps engine results onto OpenAI wire values.</summary>
internal static class OpenAIWire
{
    public static string FinishReason(GenerationSummary summary) => summary.FinishReason switch
    {
        Inference.Generation.FinishReason.Length => FinishReasons.Length,
        _ => FinishReasons.Stop,
    };

    public static Usage Usage(GenerationSummary summary) => new()
    {
        PromptTokens = summary.PromptTokens,
        CompletionTokens = summary.CompletionTokens,
        TotalTokens = summary.PromptTokens + summary.CompletionTokens,
        PromptTokensDetails = new PromptTokensDetails { CachedTokens = summary.CachedPromptTokens },
    };
}
