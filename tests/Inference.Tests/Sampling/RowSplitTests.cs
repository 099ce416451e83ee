using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

/// <summary>A row's passes split over the sampling threads give exactly the tokens the one-thread passes give.</summary>
public sealed class RowSplitTests : IDisposable
{
    private readonly SamplingWorkers _workers = new(threads: 4);

    public static TheoryData<string, float, int, float, float, bool> Settings()
    {
        var data = new TheoryData<string, float, int, float, float, bool>();
        foreach (var shape in new[] { "flat", "peaked", "tied", "flat+outliers", "peaked+outliers" })
        {
            data.Add(shape, 0.95f, 0, 0f, 0.8f, false);
            data.Add(shape, 1f, 0, 0f, 1f, false);
            data.Add(shape, 1f, 0, 0.05f, 1f, false);
            data.Add(shape, 0.9f, 20_000, 0f, 1.5f, false);
            data.Add(shape, 1f, 5000, 0f, 0.7f, false);
            data.Add(shape, 0.95f, 0, 0f, 0.8f, true);
            data.Add(shape, 0.1f, 0, 0f, 1f, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void Sample_SplitOverThreads_DrawsExactlyTheOneThreadTokens(string shape, float topP, int topK, float minP, float temperature, bool penalised)
    {
        var row = Row(shape, seed: 31);
        var options = new SamplingOptions
        {
            TopP = topP, TopK = topK, MinP = minP, Temperature = temperature,
            PresencePenalty = penalised ? 0.5f : 0f, FrequencyPenalty = penalised ? 0.5f : 0f, RepetitionPenalty = penalised ? 1.1f : 1f,
            LogitBias = penalised ? new Dictionary<int, float> { [100] = 5f, [300] = -100f } : null,
        };
        var oneThread = new HostSampler(options, banned: [7], seed: 91);
        var split = new HostSampler(options, banned: [7], seed: 91);
        var parts = new RowSplit(_workers);

        var expected = Enumerable.Range(0, 100).Select(_ => oneThread.Sample(row)).ToArray();
        var drawn = Enumerable.Range(0, 100).Select(_ => split.Sample(row, parts)).ToArray();

        Assert.Equal(expected, drawn);
    }

    [Theory]
    [InlineData("flat", 0.95f, 0, 0f)]
    [InlineData("flat+outliers", 0.5f, 0, 0f)]
    [InlineData("peaked", 0.999f, 0, 0f)]
    [InlineData("peaked+outliers", 1f, 5000, 0f)]
    [InlineData("tied", 0.9f, 20_000, 0f)]
    [InlineData("tied+outliers", 0.8f, 0, 0.05f)]
    public void Truncate_SplitOverThreads_KeepsExactlyTheOneThreadCutoff(string shape, float topP, int topK, float minP)
    {
        var row = Row(shape, seed: 32);
        var sampler = new HostSampler(new SamplingOptions { TopP = topP, TopK = topK, MinP = minP }, banned: [], seed: 1);
        var split = new RowSplit(_workers);

        var expected = sampler.Truncate(row, RowKernels.FiniteMax(row), SamplingScratch.Current);
        var cutoff = sampler.Truncate(row, split.FiniteMax(row), SamplingScratch.Current, split);

        Assert.Equal(expected, cutoff);
    }

    public void Dispose() => _workers.Dispose();

    // Outliers as logit_bias and penalties make them: far below the rest, NaN, -0 and -∞.
    private static float[] Row(string shape, int seed)
    {
        var row = ReferenceSampling.Row(shape.Replace("+outliers", "", StringComparison.Ordinal), seed);
        if (shape.EndsWith("+outliers", StringComparison.Ordinal))
        {
            (row[5], row[6], row[7], row[8], row[9]) = (-100f, 0.5f, float.NaN, -0f, float.NegativeInfinity);
        }

        return row;
    }
}
