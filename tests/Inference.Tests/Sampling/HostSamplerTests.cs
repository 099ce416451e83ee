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

    [Fact]
    public void Sample_TopPNeedingMoreThanTheFirstGuess_GrowsAndStaysInsideTheNucleus()
    {
        // 2,000 slowly falling logits: top_p 0.9 needs well over the first 64 candidates.
        var logits = Enumerable.Repeat(float.NegativeInfinity, Vocabulary).ToArray();
        for (var token = 0; token < 2000; token++)
        {
            logits[token] = -token * 0.001f;
        }

        var nucleus = NucleusSize(logits.Take(2000).ToArray(), 0.9);
        var counts = Count(new SamplingOptions { TopP = 0.9f, Seed = 7 }, logits);

        Assert.True(nucleus > 1000, $"nucleus {nucleus}");
        Assert.InRange(counts.Keys.Max(), 64, nucleus - 1);
    }

    [Fact]
    public void Sample_MinPWithThousandsAboveTheCut_SelectsExactlyThoseAndLeavesLargerRowsToLlamaCpp()
    {
        // 3,000 tokens at 0 and 3,000 at -1: min_p 0.5 cuts at ln 0.5 ≈ -0.69, so exactly the first 3,000 survive.
        var logits = Enumerable.Repeat(float.NegativeInfinity, Vocabulary).ToArray();
        Array.Fill(logits, 0f, 0, 3000);
        Array.Fill(logits, -1f, 3000, 3000);
        var counts = Count(new SamplingOptions { MinP = 0.5f, Seed = 10 }, logits);
        var wide = new HostSampler(new SamplingOptions { MinP = 0.1f, Seed = 10 }, banned: [], seed: 10);

        Assert.InRange(counts.Keys.Max(), 2500, 2999);
        Assert.True(counts.Keys.Min() >= 0 && counts.Count > 1000, $"{counts.Count} distinct tokens");
        Assert.Null(wide.Sample(logits));
    }

    [Fact]
    public void Sample_TopPBeyondTheCandidateLimit_LeavesTheRowToLlamaCpp()
    {
        var sampler = new HostSampler(new SamplingOptions { TopP = 0.99f, Seed = 8 }, banned: [], seed: 8);

        Assert.Null(sampler.Sample(new float[Vocabulary]));
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
        return Enumerable.Range(0, Draws).Select(_ => sampler.Sample(logits)!.Value).CountBy(token => token).ToDictionary();
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

    private static int NucleusSize(float[] logits, double p)
    {
        var weights = logits.Select(logit => Math.Exp(logit - logits[0])).ToArray();
        var total = weights.Sum();
        double cumulative = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i] / total;
            if (cumulative >= p)
            {
                return i + 1;
            }
        }

        return weights.Length;
    }

    private static int Expected(double share) => (int)(Draws * share);

    // Four standard deviations of a binomial count: a wrong distribution lands far outside.
    private static int Spread(double share) => (int)(4 * Math.Sqrt(Draws * share * (1 - share)));
}
