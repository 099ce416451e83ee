using System.Numerics.Tensors;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

/// <summary>The one-pass kernels give, bit for bit, what the separate subtract, scale, exponential, mask and chunk-sum passes give.</summary>
public sealed class RowKernelsTests
{
    public static TheoryData<string, float, int> Rows() => new()
    {
        { "flat", 1f, 128_256 },
        { "flat", 1.25f, 128_256 },
        { "peaked", 1f, 128_256 },
        { "peaked", 0.7f, 128_253 },
        { "peaked", 1f, 3_000 },
        { "wide", 1f, 1_001 },
        { "wide", 2f, 9 },
        { "wide", 0.5f, 7 },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public void Weigh_AnyRowScaleAndCutoff_GivesTheSeparatePassesAndTheirSumsBitForBit(string shape, float scale, int length)
    {
        var row = Row(shape, length);
        var max = RowKernels.FiniteMax(row);
        var ranked = row.Where(float.IsFinite).Order().ToArray();
        foreach (var cutoff in new[] { RankCutoff.Everything, new RankCutoff(ranked[ranked.Length / 2], length / 3), RankCutoff.AtLeast(ranked[^4]) })
        {
            var expected = new float[length];
            TensorPrimitives.Subtract(row, max, expected);
            TensorPrimitives.Multiply(expected, scale, expected);
            TensorPrimitives.Exp(expected, expected);
            for (var token = 0; token < length; token++)
            {
                expected[token] = cutoff.Keeps(row[token], token + 100) ? expected[token] : 0f;
            }

            var expectedSums = new double[(length + CumulativeWeights.Chunk - 1) / CumulativeWeights.Chunk];
            CumulativeWeights.ChunkSums(expected, expectedSums);

            var weights = new float[length];
            var sums = new double[expectedSums.Length];
            RowKernels.Weigh(row, max, scale, cutoff, weights, sums, firstToken: 100);

            Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), weights.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(expectedSums.Select(BitConverter.DoubleToInt64Bits), sums.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void KeptChunkSums_AnyRowAndCutoff_GivesTheChunkSumsOfTheMaskedWeightsBitForBit(string shape, float scale, int length)
    {
        var row = Row(shape, length);
        var weights = new float[length];
        RowKernels.Weigh(row, RowKernels.FiniteMax(row), scale, RankCutoff.Everything, weights);
        var ranked = row.Where(float.IsFinite).Order().ToArray();
        var tie = Array.FindIndex(row, value => float.IsFinite(value) && row.Count(other => other == value) > 1);
        var cutoffs = new List<RankCutoff> { RankCutoff.Everything, new(ranked[ranked.Length / 2], length / 3), RankCutoff.AtLeast(ranked[^4]) };
        if (tie >= 0)
        {
            // Inside a run of equal logits: the first of them kept (token 100 + tie), the later ones not.
            cutoffs.Add(new RankCutoff(row[tie], 100 + tie));
        }

        foreach (var cutoff in cutoffs)
        {
            var masked = weights.Select((weight, token) => cutoff.Keeps(row[token], token + 100) ? weight : 0f).ToArray();
            var expected = new double[(length + CumulativeWeights.Chunk - 1) / CumulativeWeights.Chunk];
            CumulativeWeights.ChunkSums(masked, expected);

            var sums = new double[expected.Length];
            RowKernels.KeptChunkSums(row, weights, cutoff, sums, firstToken: 100);

            Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), sums.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    // Flat and peaked rows as served; "wide" spans ±150 with NaN, infinities, -0 and runs of equal logits.
    private static float[] Row(string shape, int length)
    {
        if (shape != "wide")
        {
            return ReferenceSampling.Row(shape, seed: 5)[..length];
        }

        var random = new Random(6);
        var row = Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 300) - 150)).ToArray();
        for (var token = 0; token + 4 < length; token += 97)
        {
            (row[token], row[token + 1], row[token + 2], row[token + 3]) = (float.NaN, float.NegativeInfinity, -0f, row[token + 4]);
        }

        return row;
    }
}
