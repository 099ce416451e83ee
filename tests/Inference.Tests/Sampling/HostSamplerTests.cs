using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

public sealed class HostSamplerTests
{
    private const int Vocabulary = 128_256;
    private const int Draws = 4000;
    private static readonly int[] FirstTwo = [10, 20];

    [Fact]
    public void Sample_TopKOne_IsTheArgMaxAndBannedTokensAreNeverDrawn()
    {
        var logits = Row((10, 5f), (20, 4f), (30, 3f));
        var sampler = new HostSampler(new SamplingOptions { Temperature = 1.5f, TopK = 1 }, banned: [10], seed: 1);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.Equal(20, sampler.Sample(logits)));
    }

    [Fact]
    public void Sample_TopPOverTheWholeRow_KeepsTheSmallestPrefixReachingP()
    {
        // Probabilities 0.5, 0.3, 0.15, 0.05: top_p 0.75 keeps the first two (0.5 < 0.75 <= 0.8).
        var logits = Row((10, MathF.Log(0.5f)), (20, MathF.Log(0.3f)), (30, MathF.Log(0.15f)), (40, MathF.Log(0.05f)));
        var counts = Count(new SamplingOptions { TopP = 0.75f, Seed = 3 }, logits);

        Assert.Equal(FirstTwo, counts.Keys.Order().ToArray());
        Assert.InRange(counts[10], Expected(0.5 / 0.8) - Spread(0.5 / 0.8), Expected(0.5 / 0.8) + Spread(0.5 / 0.8));
    }

    [Theory]
    [InlineData(0.5f, 0.690, 0.062)]
    [InlineData(2f, 0.431, 0.236)]
    public void Sample_TopPWithTemperature_DrawsTheNucleusAtTheTemperature(float temperature, double bestShare, double thirdShare)
    {
        // Probabilities 0.5, 0.3, 0.15, 0.05 at temperature 1: top_p 0.9 keeps three (0.8 < 0.9 <= 0.95), drawn in
        // proportion to p^(1/T): at 0.5, 0.25 : 0.09 : 0.0225; at 2, √0.5 : √0.3 : √0.15.
        var logits = Row((10, MathF.Log(0.5f)), (20, MathF.Log(0.3f)), (30, MathF.Log(0.15f)), (40, MathF.Log(0.05f)));
        var counts = Count(new SamplingOptions { TopP = 0.9f, Temperature = temperature, Seed = 8 }, logits);

        Assert.Equal([10, 20, 30], counts.Keys.Order().ToArray());
        Assert.InRange(counts[10], Expected(bestShare) - Spread(bestShare), Expected(bestShare) + Spread(bestShare));
        Assert.InRange(counts[30], Expected(thirdShare) - Spread(thirdShare), Expected(thirdShare) + Spread(thirdShare));
    }

    [Fact]
    public void Sample_MinP_DropsTokensBelowItsShareOfTheBest()
    {
        // min_p 0.4 of the best 0.5 cuts at 0.2: tokens 10 and 20 stay.
        var logits = Row((10, MathF.Log(0.5f)), (20, MathF.Log(0.3f)), (30, MathF.Log(0.15f)), (40, MathF.Log(0.05f)));

        var counts = Count(new SamplingOptions { MinP = 0.4f, Seed = 4 }, logits);

        Assert.Equal(FirstTwo, counts.Keys.Order().ToArray());
    }

    [Theory]
    [InlineData(1f, 0.75)]
    [InlineData(0.5f, 0.9)]
    [InlineData(2f, 0.634)]
    public void Sample_Temperature_ScalesTheDrawnShares(float temperature, double share)
    {
        // Logits 0 and ln 3 at temperature T: the better token's share is 3^(1/T) / (1 + 3^(1/T)).
        var logits = Row((10, 0f), (20, MathF.Log(3f)), (30, -30f));
        var counts = Count(new SamplingOptions { Temperature = temperature, TopK = 2, Seed = 5 }, logits);

        Assert.Equal(FirstTwo, counts.Keys.Order().ToArray());
        Assert.InRange(counts[20], Expected(share) - Spread(share), Expected(share) + Spread(share));
    }

    [Fact]
    public void Sample_NoTruncation_DrawsFromTheWholeRowExceptBannedTokens()
    {
        var logits = Row((10, 0f), (20, 0f), (30, 0f));
        var counts = Count(new SamplingOptions { Seed = 6 }, logits, banned: [30]);

        Assert.Equal(FirstTwo, counts.Keys.Order().ToArray());
        Assert.InRange(counts[10], Expected(0.5) - Spread(0.5), Expected(0.5) + Spread(0.5));
    }

    [Theory]
    [InlineData("flat", 0.95f, 0, 0f, 0.8f)]
    [InlineData("flat", 1f, 0, 0f, 1f)]
    [InlineData("flat", 1f, 0, 0.05f, 1f)]
    [InlineData("flat", 0.99f, 0, 0f, 1.5f)]
    [InlineData("flat", 0.95f, 2000, 0f, 0.8f)]
    [InlineData("peaked", 0.95f, 0, 0f, 0.8f)]
    [InlineData("peaked", 1f, 0, 0f, 1f)]
    [InlineData("peaked", 1f, 0, 0.05f, 0.7f)]
    [InlineData("tied", 0.9f, 0, 0f, 1f)]
    [InlineData("flat", 0.95f, 0, 0f, 1f)]
    [InlineData("flat", 0.95f, 2000, 0f, 1f)]
    [InlineData("peaked", 0.9f, 0, 0.05f, 1f)]
    [InlineData("flat", 0.1f, 0, 0f, 1f)] // a tenth of the draws kept: eight refusals in a row about every other token
    [InlineData("peaked", 0.5f, 0, 0f, 5f)] // the nucleus is the best token, a draw at 5 almost never lands on it
    public void Sample_FixedSeedOverAWholeRow_DrawsExactlyTheReferenceTokens(string shape, float topP, int topK, float minP, float temperature)
    {
        var row = ReferenceSampling.Row(shape, seed: 21);
        var options = new SamplingOptions { TopP = topP, TopK = topK, MinP = minP, Temperature = temperature };
        var sampler = new HostSampler(options, banned: [], seed: 77);

        var drawn = Enumerable.Range(0, 200).Select(_ => sampler.Sample(row)).ToArray();

        // Whole-row draws sum the kept tokens' weights in token order, top-p keeping or refusing each draw.
        var expected = ReferenceSampling.WholeRowDraws(row, options, seed: 77, count: 200);
        Assert.Equal(expected, drawn);
    }

    [Theory]
    [InlineData("flat")]
    [InlineData("peaked")]
    public void Sample_FixedSeedWithSmallTopK_DrawsExactlyTheReferenceTokensInRankOrder(string shape)
    {
        var row = ReferenceSampling.Row(shape, seed: 22);
        var options = new SamplingOptions { TopP = 0.95f, TopK = 40, Temperature = 0.8f };
        var sampler = new HostSampler(options, banned: [], seed: 78);

        var drawn = Enumerable.Range(0, 200).Select(_ => sampler.Sample(row)).ToArray();

        // The heap's candidates are summed best first.
        Assert.Equal(ReferenceSampling.Draws(row, ReferenceSampling.Kept(row, options), 0.8f, seed: 78, count: 200), drawn);
    }

    [Fact]
    public void Sample_FlatRowWithTopPNearOne_DrawsFromAlmostTheWholeVocabulary()
    {
        var row = ReferenceSampling.Row("flat", seed: 23);
        var sampler = new HostSampler(new SamplingOptions { TopP = 0.99f }, banned: [], seed: 8);

        var distinct = Enumerable.Range(0, 2000).Select(_ => sampler.Sample(row)).Distinct().Count();

        Assert.InRange(distinct, 1960, 2000);
    }

    [Fact]
    public void Sample_LogitBias_ShiftsTheDrawnSharesAndMinusHundredBans()
    {
        // Logits 0, 0, 0 with biases ln 3 on 20 and -100 on 30: 20 is drawn three times as often as 10, 30 never.
        var logits = Row((10, 0f), (20, 0f), (30, 0f));
        var biases = new Dictionary<int, float> { [20] = MathF.Log(3f), [30] = -100f };
        var counts = Count(new SamplingOptions { LogitBias = biases, Seed = 12 }, logits);

        Assert.Equal(FirstTwo, counts.Keys.Order().ToArray());
        Assert.InRange(counts[20], Expected(0.75) - Spread(0.75), Expected(0.75) + Spread(0.75));
    }

    [Fact]
    public void Sample_GreedyWithFrequencyPenalty_MovesOnAsCountsGrow()
    {
        // 2.0, 1.9, 1.5 with frequency penalty 0.3 per occurrence: 10 (→1.7), 20 (→1.6), 10 (→1.4), 20 (→1.3), 30, 10.
        var logits = Row((10, 2f), (20, 1.9f), (30, 1.5f));
        var sampler = new HostSampler(new SamplingOptions { Temperature = 0, FrequencyPenalty = 0.3f }, banned: [], seed: 1);

        Assert.Equal([10, 20, 10, 20, 30, 10], Enumerable.Range(0, 6).Select(_ => sampler.Sample(logits)).ToArray());
        sampler.Reset();
        Assert.Equal(10, sampler.Sample(logits));
    }

    [Fact]
    public void Reset_SameSeed_RepeatsTheDraws()
    {
        var logits = Row((10, 0f), (20, 0.1f), (30, 0.2f), (40, 0.3f));
        var sampler = new HostSampler(new SamplingOptions { TopK = 4 }, banned: [], seed: 9);
        var first = Enumerable.Range(0, 64).Select(_ => sampler.Sample(logits)).ToArray();

        sampler.Reset();

        Assert.Equal(first, Enumerable.Range(0, 64).Select(_ => sampler.Sample(logits)).ToArray());
        Assert.True(first.Distinct().Count() == 4, "all four candidates drawn");
    }

    private static Dictionary<int, int> Count(SamplingOptions options, float[] logits, int[]? banned = null)
    {
        var sampler = new HostSampler(options, banned ?? [], options.Seed ?? 0);
        return Enumerable.Range(0, Draws).Select(_ => sampler.Sample(logits)).CountBy(token => token).ToDictionary();
    }

    private static float[] Row(params (int Token, float Logit)[] entries)
    {
        var logits = Enumerable.Repeat(float.NegativeInfinity, Vocabulary).ToArray();
        foreach (var (token, logit) in entries)
        {
            logits[token] = logit;
        }

        return logits;
    }

    private static int Expected(double share) => (int)(Draws * share);

    // Four standard deviations of a binomial count: a wrong distribution lands far outside.
    private static int Spread(double share) => (int)(4 * Math.Sqrt(Draws * share * (1 - share)));
}
