using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Inference.Sampling;

internal static partial class RowKernels
{
    /// <summary>
    /// The sum, in double precision, of the weights of the tokens <paramref name="cutoff"/> keeps, one
    /// <see cref="CumulativeWeights.Chunk"/> of the row at a time into <paramref name="chunkSums"/>:
    /// <see cref="CumulativeWeights.Total"/> of them is the sum, taken the same way over a row and over its parts.
    /// <paramref name="firstToken"/> is the token of <paramref name="row"/>[0] (a part of a row).
    /// </summary>
    /// <remarks>No exponential and no store: one compare and one masked add per eight tokens.</remarks>
    public static void KeptChunkSums(ReadOnlySpan<float> row, ReadOnlySpan<float> weights, RankCutoff cutoff, Span<double> chunkSums, int firstToken = 0)
    {
        for (var start = 0; start < row.Length; start += CumulativeWeights.Chunk)
        {
            var length = Math.Min(CumulativeWeights.Chunk, row.Length - start);
            chunkSums[start / CumulativeWeights.Chunk] = SumKept(row.Slice(start, length), weights.Slice(start, length), cutoff, firstToken + start);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double SumKept(ReadOnlySpan<float> row, ReadOnlySpan<float> weights, RankCutoff cutoff, int firstToken)
    {
        var i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var values = ref MemoryMarshal.GetReference(row);
            ref var weighed = ref MemoryMarshal.GetReference(weights);
            var (bar, lastToken) = (Vector256.Create(cutoff.Value), Vector256.Create(cutoff.Token));
            var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
            var sums = Vector256<double>.Zero;
            for (; i <= row.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                // RankCutoff.Keeps per lane: above the bar, or on it at a token no later than the cutoff's.
                var logits = Vector256.LoadUnsafe(ref values, (nuint)i);
                var onBarInTime = Vector256.Equals(logits, bar) & Vector256.LessThanOrEqual(lanes + Vector256.Create(firstToken + i), lastToken).AsSingle();
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref weighed, (nuint)i) & (Vector256.GreaterThan(logits, bar) | onBarInTime));
                sums += lower + upper;
            }

            sum = Vector256.Sum(sums);
        }

        for (; i < row.Length; i++)
        {
            sum += cutoff.Keeps(row[i], firstToken + i) ? weights[i] : 0f;
        }

        return sum;
    }
}
