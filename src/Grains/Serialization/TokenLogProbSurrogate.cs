using Cluster.Inference.Generation;
using Cluster.Inference.Native;

namespace Cluster.Grains.Serialization;

/// <summary><see cref="TokenLogProb"/> as Orleans carries it (tokens as ids, the alternatives as two parallel arrays).</summary>
[GenerateSerializer, Alias("cluster.token-logprob")]
internal struct TokenLogProbSurrogate
{
    [Id(0)] public int Token;
    [Id(1)] public float LogProb;
    [Id(2)] public int[] TopTokens;
    [Id(3)] public float[] TopLogProbs;
}

/// <summary>Converts <see cref="TokenLogProb"/> to and from its surrogate.</summary>
[RegisterConverter]
internal sealed class TokenLogProbConverter : IConverter<TokenLogProb, TokenLogProbSurrogate>
{
    /// <inheritdoc/>
    public TokenLogProb ConvertFromSurrogate(in TokenLogProbSurrogate surrogate) =>
        new(new LlamaToken(surrogate.Token), surrogate.LogProb, [.. surrogate.TopTokens.Zip(surrogate.TopLogProbs, (token, logProb) => (new LlamaToken(token), logProb))]);

    /// <inheritdoc/>
    public TokenLogProbSurrogate ConvertToSurrogate(in TokenLogProb value) => new()
    {
        Token = value.Token.Value,
        LogProb = value.LogProb,
        TopTokens = [.. value.Top.Select(top => top.Token.Value)],
        TopLogProbs = [.. value.Top.Select(top => top.LogProb)],
    };
}
