using Cluster.Inference.Generation;
using Cluster.Inference.Native;

namespace Cluster.Grains.Serialization;

/// <summary><see cref="GenerationSummary"/> as Orleans carries it.</summary>
[GenerateSerializer, Alias("cluster.generation-summary")]
internal struct GenerationSummarySurrogate
{
    [Id(0)] public int FinishReason; // the engine's enum carries no Orleans attributes
    [Id(1)] public int PromptTokens;
    [Id(2)] public int CompletionTokens;
    [Id(3)] public string? MatchedStop;
    [Id(4)] public int CachedPromptTokens;
    [Id(5)] public int? EndToken;
}

/// <summary>Converts <see cref="GenerationSummary"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class GenerationSummaryConverter : IConverter<GenerationSummary, GenerationSummarySurrogate>
{
    /// <inheritdoc/>
    public GenerationSummary ConvertFromSurrogate(in GenerationSummarySurrogate surrogate) =>
        new((FinishReason)surrogate.FinishReason, surrogate.PromptTokens, surrogate.CompletionTokens, surrogate.MatchedStop, surrogate.CachedPromptTokens,
            surrogate.EndToken is { } end ? new LlamaToken(end) : null);

    /// <inheritdoc/>
    public GenerationSummarySurrogate ConvertToSurrogate(in GenerationSummary value) => new()
    {
        FinishReason = (int)value.FinishReason,
        PromptTokens = value.PromptTokens,
        CompletionTokens = value.CompletionTokens,
        MatchedStop = value.MatchedStop,
        CachedPromptTokens = value.CachedPromptTokens,
        EndToken = value.EndToken?.Value,
    };
}
