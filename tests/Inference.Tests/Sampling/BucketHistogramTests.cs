using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

/// <summary>The histogram of radix buckets sums each bucket's weights exactly as adding them in token order does.</summary>
public sealed class BucketHistogramTests
{
    [Theory]
    [InlineData("flat", true)]
    [InlineData("peaked", true)]
    [InlineData("tied", true)]
    [InlineData("far", false)]
    public void Fill_AnyRow_SumsEachBucketAsTokenOrderDoes(string shape, bool exactInAnyOrder)
    {
        var row = Row(shape);
        var weights = new float[row.Length];
        RowKernels.Weigh(row, RowKernels.FiniteMax(row), 1f, RankCutoff.Everything, weights);
        var buckets = new int[row.Length];
        RowKernels.Bucket(row, RankCutoff.Everything, buckets);
        var expectedWeights = new double[BucketHistogram.Size];
        var expectedCounts = new int[BucketHistogram.Size];
        for (var token = 0; token < row.Length; token++)
        {
            expectedWeights[buckets[token]] += weights[token];
            expectedCounts[buckets[token]]++;
        }

        var bucketWeights = new double[BucketHistogram.Size];
        var bucketCounts = new int[BucketHistogram.Size];
        new BucketHistogram().Fill(buckets, weights, bucketWeights, bucketCounts);

        Assert.Equal(exactInAnyOrder, BucketHistogram.SumsExactly(expectedCounts));
        Assert.Equal(expectedCounts, bucketCounts);
        Assert.Equal(expectedWeights.Select(BitConverter.DoubleToInt64Bits), bucketWeights.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Fill_NoWeights_WeighsEachBucketByItsCount()
    {
        var row = ReferenceSampling.Row("tied", seed: 8);
        var buckets = new int[row.Length];
        RowKernels.Bucket(row, RankCutoff.AtLeast(0f), buckets);
        var bucketWeights = new double[BucketHistogram.Size];
        var bucketCounts = new int[BucketHistogram.Size];

        new BucketHistogram().Fill(buckets, [], bucketWeights, bucketCounts);

        Assert.Equal(row.Count(logit => logit >= 0f), bucketCounts[..RankThreshold.Buckets].Sum());
        Assert.Equal(bucketCounts.Select(count => (double)count), bucketWeights);
    }

    // "far": a trained row's spread around 70, where one bucket spans 16 and holds thousands of weights from e^-16 to 1,
    // whose sum depends on the order of addition.
    private static float[] Row(string shape)
    {
        if (shape != "far")
        {
            return ReferenceSampling.Row(shape, seed: 9);
        }

        var random = new Random(10);
        return [.. Enumerable.Range(0, 128_256).Select(_ => 64f + (float)(random.NextDouble() * 15.9))];
    }
}
