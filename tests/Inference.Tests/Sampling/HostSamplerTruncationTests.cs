using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

/// <summary>The cutoffs the host sampler finds without sorting are exactly those of a full sort, on flat, peaked and tied rows.</summary>
public sealed class HostSamplerTruncationTests
{
    public static TheoryData<string, float, int, float> Settings()
    {
        var data = new TheoryData<string, float, int, float>();
        foreach (var shape in new[] { "flat", "peaked", "tied" })
        {
            data.Add(shape, 0.95f, 0, 0f);
            data.Add(shape, 0.5f, 0, 0f);
            data.Add(shape, 0.999f, 0, 0f);
            data.Add(shape, 1f, 40, 0f);
            data.Add(shape, 1f, 5000, 0f);
            data.Add(shape, 0.95f, 40, 0f);
            data.Add(shape, 0.9f, 20_000, 0f);
            data.Add(shape, 1f, 0, 0.05f);
            data.Add(shape, 1f, 0, 0.99f);
            data.Add(shape, 0.8f, 0, 0.05f);
            data.Add(shape + "+outliers", 0.95f, 0, 0f);
            data.Add(shape + "+outliers", 1f, 1000, 0f);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Truncate_AnySetting_KeepsExactlyWhatAFullSortKeeps(string shape, float topP, int topK, float minP)
    {
        var row = ReferenceSampling.Row(shape.Replace("+outliers", "", StringComparison.Ordinal), seed: 11);
        if (shape.EndsWith("+outliers", StringComparison.Ordinal))
        {
            // logit_bias and penalties push a few tokens far from the rest; -0 and +0 rank as equals.
            (row[5], row[6], row[7], row[8], row[9]) = (-100f, 0.5f, float.NaN, -0f, float.NegativeInfinity);
        }

        var options = new SamplingOptions { TopP = topP, TopK = topK, MinP = minP };
        var sampler = new HostSampler(options, banned: [], seed: 1);
        var cutoff = sampler.Truncate(row, RowKernels.FiniteMax(row), SamplingScratch.Current);

        var expected = ReferenceSampling.Kept(row, options);
        var kept = Enumerable.Range(0, row.Length).Where(token => cutoff.Keeps(row[token], token)).ToArray();
        Assert.Equal(expected.Length, kept.Length);
        Assert.Equal(expected.Order(), kept);
    }

    [Fact]
    public void Truncate_TopKInsideARunOfEqualLogits_KeepsTheLowerTokens()
    {
        // 100 tokens at 1, then 100,000 at 0.5: top-k 150 keeps the 100 and the first 50 of the tie.
        var row = new float[128_256];
        Array.Fill(row, float.NegativeInfinity);
        Array.Fill(row, 1f, 1000, 100);
        Array.Fill(row, 0.5f, 2000, 100_000);
        var sampler = new HostSampler(new SamplingOptions { TopK = 150 }, banned: [], seed: 1);

        var cutoff = sampler.Truncate(row, 1f, SamplingScratch.Current);

        Assert.Equal(new RankCutoff(0.5f, 2049), cutoff);
    }

    [Fact]
    public void FiniteMax_NaNAndInfinities_AreIgnored()
    {
        var row = new float[29];
        row[3] = float.NaN;
        row[4] = float.PositiveInfinity;
        row[5] = float.NegativeInfinity;
        row[6] = 7f;
        row[27] = -2f;
        row[28] = 9f;

        Assert.Equal(9f, RowKernels.FiniteMax(row));
    }
}
