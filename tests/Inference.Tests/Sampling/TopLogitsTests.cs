using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

public sealed class TopLogitsTests
{
    private const int Vocabulary = 128_256;

    [Theory]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(512)]
    public void Select_RandomRow_MatchesFullSortExactly(int limit)
    {
        var logits = RandomRow(seed: limit);
        var top = new TopLogits();

        top.Select(logits, limit, banned: []);

        var expected = Enumerable.Range(0, logits.Length).OrderByDescending(token => logits[token]).Take(limit).ToArray();
        Assert.Equal(expected, top.Tokens.ToArray());
        Assert.Equal(expected.Select(token => logits[token]).ToArray(), top.Values.ToArray());
    }

    [Fact]
    public void Select_BannedTokens_AreSkippedAndTheNextTakeTheirPlace()
    {
        var logits = RandomRow(seed: 7);
        var order = Enumerable.Range(0, logits.Length).OrderByDescending(token => logits[token]).ToArray();
        var banned = new[] { order[0], order[2] };
        var top = new TopLogits();

        top.Select(logits, 3, banned);

        Assert.Equal(new[] { order[1], order[3], order[4] }, top.Tokens.ToArray());
    }

    [Fact]
    public void Select_TailShorterThanAVector_NaNAndMinusInfinity_AreHandled()
    {
        // 19 entries: two full vectors of 8 and a scalar tail of 3, the best two in the tail.
        var logits = Enumerable.Repeat(float.NegativeInfinity, 19).ToArray();
        logits[3] = float.NaN;
        logits[5] = 1f;
        logits[17] = 3f;
        logits[18] = 2f;
        var top = new TopLogits();

        top.Select(logits, 5, banned: []);

        Assert.Equal([17, 18, 5], top.Tokens.ToArray());
        Assert.Equal([3f, 2f, 1f], top.Values.ToArray());
    }

    private static float[] RandomRow(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Vocabulary).Select(_ => (float)(random.NextDouble() * 20 - 10)).ToArray();
    }
}
