using Cluster.Inference.Generation;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Grains.Serialization;

/// <summary>
/// <see cref="GenerationRequest"/> as Orleans carries it (tokens as ids); every field travels but the LoRA adapter, a native
/// object of one silo: the owner's model, which the turn's claim names ("model:adapter"), attaches its own.
/// </summary>
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
    [Id(9)] public ImageSpanSurrogate[] Images;
    [Id(10)] public int Choices;
}

/// <summary>An <see cref="ImageSpan"/> as Orleans carries it.</summary>
[GenerateSerializer, Alias("cluster.image-span")]
internal struct ImageSpanSurrogate
{
    [Id(0)] public int Start;
    [Id(1)] public int Count;
    [Id(2)] public float[] Embeddings;
    [Id(3)] public string Id;
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
        Images = [.. (surrogate.Images ?? []).Select(image => new ImageSpan(image.Start, image.Count, image.Embeddings, image.Id))],
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
        Images = [.. value.Images.Select(image => new ImageSpanSurrogate { Start = image.Start, Count = image.Count, Embeddings = image.Embeddings, Id = image.Id })],
        Choices = value.Choices,
    };
}
