using Cluster.Inference.Generation;
using Cluster.Inference.Native;

namespace Cluster.Grains.Serialization;

/// <summary><see cref="GenerationChunk"/> as Orleans carries it (tokens as ids).</summary>
[GenerateSerializer, Alias("cluster.generation-chunk")]
internal struct GenerationChunkSurrogate
{
    [Id(0)] public string Text;
    [Id(1)] public int[] Tokens;
    [Id(2)] public GenerationSummary? Summary;
    [Id(3)] public TokenLogProb[]? LogProbs;
    [Id(4)] public int Choice;
}

/// <summary>Converts <see cref="GenerationChunk"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class GenerationChunkConverter : IConverter<GenerationChunk, GenerationChunkSurrogate>
{
    /// <inheritdoc/>
    public GenerationChunk ConvertFromSurrogate(in GenerationChunkSurrogate surrogate) =>
        new(surrogate.Text, [.. surrogate.Tokens.Select(id => new LlamaToken(id))], surrogate.Summary) { LogProbs = surrogate.LogProbs, Choice = surrogate.Choice };

    /// <inheritdoc/>
    public GenerationChunkSurrogate ConvertToSurrogate(in GenerationChunk value) => new()
    {
        Text = value.Text,
        Tokens = [.. value.Tokens.Select(token => token.Value)],
        Summary = value.Summary,
        LogProbs = value.LogProbs is { } logProbs ? [.. logProbs] : null,
        Choice = value.Choice,
    };
}
