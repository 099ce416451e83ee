using Cluster.Inference.Sampling;

namespace Cluster.Grains.Serialization;

/// <summary>
/// <see cref="SamplingOptions"/> as Orleans carries it: the engine's types stay free of Orleans, so a relayed turn's
/// settings cross silos through this surrogate. Every setting travels; a new one must be added here and to its test.
/// </summary>
[GenerateSerializer, Alias("cluster.sampling")]
internal struct SamplingOptionsSurrogate
{
    [Id(0)] public float Temperature;
    [Id(1)] public float TopP;
    [Id(2)] public int TopK;
    [Id(3)] public float MinP;
    [Id(4)] public uint? Seed;
    [Id(5)] public float PresencePenalty;
    [Id(6)] public float FrequencyPenalty;
    [Id(7)] public float RepetitionPenalty;
    [Id(8)] public int PenaltyLastN;
    [Id(9)] public Dictionary<int, float>? LogitBias;
}

/// <summary>Converts <see cref="SamplingOptions"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class SamplingOptionsConverter : IConverter<SamplingOptions, SamplingOptionsSurrogate>
{
    /// <inheritdoc/>
    public SamplingOptions ConvertFromSurrogate(in SamplingOptionsSurrogate surrogate) => new()
    {
        Temperature = surrogate.Temperature,
        TopP = surrogate.TopP,
        TopK = surrogate.TopK,
        MinP = surrogate.MinP,
        Seed = surrogate.Seed,
        PresencePenalty = surrogate.PresencePenalty,
        FrequencyPenalty = surrogate.FrequencyPenalty,
        RepetitionPenalty = surrogate.RepetitionPenalty,
        PenaltyLastN = surrogate.PenaltyLastN,
        LogitBias = surrogate.LogitBias,
    };

    /// <inheritdoc/>
    public SamplingOptionsSurrogate ConvertToSurrogate(in SamplingOptions value) => new()
    {
        Temperature = value.Temperature,
        TopP = value.TopP,
        TopK = value.TopK,
        MinP = value.MinP,
        Seed = value.Seed,
        PresencePenalty = value.PresencePenalty,
        FrequencyPenalty = value.FrequencyPenalty,
        RepetitionPenalty = value.RepetitionPenalty,
        PenaltyLastN = value.PenaltyLastN,
        LogitBias = value.LogitBias is { } biases ? new Dictionary<int, float>(biases) : null,
    };
}
