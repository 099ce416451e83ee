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

    public static Usage Usage(GenerationSummary summary) => Usage([summary]);

    /// <summary>The usage of a request's choices: the prompt (and its cached part) once, as the first choice prefilled it, and every choice's completion.</summary>
    public static Usage Usage(IReadOnlyList<GenerationSummary> choices)
    {
        ArgumentNullException.ThrowIfNull(choices);
        var completion = choices.Sum(summary => summary.CompletionTokens);
        return new()
        {
            PromptTokens = choices[0].PromptTokens,
            CompletionTokens = completion,
            TotalTokens = choices[0].PromptTokens + completion,
            PromptTokensDetails = new PromptTokensDetails { CachedTokens = choices[0].CachedPromptTokens },
        };
    }
}
