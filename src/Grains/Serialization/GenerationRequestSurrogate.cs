using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Grains.Serialization;

/// <summary><see cref="GenerationRequest"/> as Orleans carries it (tokens as ids); every field travels.</summary>
[GenerateSerializer, Alias("cluster.generation-request")]
internal struct GenerationRequestSurrogate
{
    [Id(0)] public int[] Prompt;
    [Id(1)] public SamplingOptions Sampling;
    [Id(2)] public int? MaxTokens;
    [Id(3)] public string[] Stop;
    [Id(4)] public bool IgnoreEos;
    [Id(5)] public string? SessionKey;
    [Id(6)] public int? TurnEndToken;
    [Id(7)] public int? LogProbs;
    [Id(8)] public string? Grammar;
    [Id(9)] public int Choices;
}

/// <summary>Converts <see cref="GenerationRequest"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class GenerationRequestConverter : IConverter<GenerationRequest, GenerationRequestSurrogate>
{
    /// <inheritdoc/>
    public GenerationRequest ConvertFromSurrogate(in GenerationRequestSurrogate surrogate) => new()
    {
        Prompt = [.. surrogate.Prompt.Select(id => new LlamaToken(id))],
        Sampling = surrogate.Sampling,
        MaxTokens = surrogate.MaxTokens,
        Stop = surrogate.Stop,
        IgnoreEos = surrogate.IgnoreEos,
        SessionKey = surrogate.SessionKey,
        TurnEndToken = surrogate.TurnEndToken is { } end ? new LlamaToken(end) : null,
        LogProbs = surrogate.LogProbs,
        Grammar = surrogate.Grammar,
        Choices = surrogate.Choices,
    };

    /// <inheritdoc/>
    public GenerationRequestSurrogate ConvertToSurrogate(in GenerationRequest value) => new()
    {
        Prompt = [.. value.Prompt.Select(token => token.Value)],
        Sampling = value.Sampling,
        MaxTokens = value.MaxTokens,
        Stop = [.. value.Stop],
        IgnoreEos = value.IgnoreEos,
        SessionKey = value.SessionKey,
        TurnEndToken = value.TurnEndToken?.Value,
        LogProbs = value.LogProbs,
        Grammar = value.Grammar,
        Choices = value.Choices,
    };
}
