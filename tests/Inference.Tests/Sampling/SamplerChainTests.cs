using Cluster.Inference.Sampling;
using Cluster.Inference.Tests.Fixtures;

namespace Cluster.Inference.Tests.Sampling;

/// <summary>The host sampler against llama.cpp's own chain, on the same rows: greedy steps must agree token for token.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class SamplerChainTests(TinyModelFixture fixture)
{
    public static TheoryData<float, float, float, int, bool> Penalties() => new()
    {
        { 1.3f, 0f, 0f, 64, false },
        { 1f, 0.4f, 0f, 64, false },
        { 1f, 0f, 0.7f, 64, false },
        { 1.1f, 0.2f, 0.3f, 4, false },
        { 1.2f, 0.1f, 0.1f, 16, true },
    };

    [Theory]
    [MemberData(nameof(Penalties))]
    public void Sample_GreedyWithPenaltiesAndBiases_MatchesLlamaCppStepForStep(float repetition, float frequency, float presence, int lastN, bool biased)
    {
        var vocabulary = fixture.Model.Vocabulary;
        var row = ReferenceSampling.Row("peaked", seed: 31);
        Array.Fill(row, 30f, 500, 40); // a plateau of 40 equal candidates the penalties walk through
        var options = new SamplingOptions
        {
            Temperature = 0, RepetitionPenalty = repetition, FrequencyPenalty = frequency, PresencePenalty = presence, PenaltyLastN = lastN,
            LogitBias = biased ? new Dictionary<int, float> { [510] = 0.5f, [520] = -100f } : null,
        };
        using var host = SamplerChain.Create(options, vocabulary, vocabulary.EndOfGenerationTokens);
        using var llama = SamplerChain.Create(options, vocabulary, vocabulary.EndOfGenerationTokens, candidateScan: false);

        var hostTokens = Enumerable.Range(0, 60).Select(_ => host.Sample(row).Value).ToArray();
        var llamaTokens = Enumerable.Range(0, 60).Select(_ => llama.Sample(row).Value).ToArray();

        Assert.Equal(llamaTokens, hostTokens);
        Assert.True(hostTokens.Distinct().Count() >= 5, $"the penalties moved the argmax: {string.Join(' ', hostTokens)}");
    }

    [Fact]
    public void Sample_SeededTopPOnAFlatRow_RepeatsAfterResetAndNeverDrawsABannedToken()
    {
        var vocabulary = fixture.Model.Vocabulary;
        var row = ReferenceSampling.Row("flat", seed: 32);
        var banned = vocabulary.EndOfGenerationTokens;
        foreach (var token in banned)
        {
            row[token.Value] = 5f;
        }

        using var chain = SamplerChain.Create(new SamplingOptions { Temperature = 0.8f, TopP = 0.95f, Seed = 5 }, vocabulary, banned);
        var first = Enumerable.Range(0, 100).Select(_ => chain.Sample(row).Value).ToArray();
        chain.Reset();
        var second = Enumerable.Range(0, 100).Select(_ => chain.Sample(row).Value).ToArray();

        Assert.Equal(first, second);
        Assert.DoesNotContain(first, token => banned.Any(ban => ban.Value == token));
        Assert.True(first.Distinct().Count() > 95, "a wide nucleus");
    }
}
