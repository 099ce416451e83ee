using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Inference.Sampling;

internal static partial class RowKernels
{
    /// <summary>
    /// exp((logit - max) × scale) into <paramref name="weights"/> for the tokens <paramref name="cutoff"/> keeps, 0 for
    /// the rest; <paramref name="firstToken"/> is the token of <paramref name="row"/>[0] (a part of a row). Where
    /// <paramref name="chunkSums"/> is given, it receives <see cref="CumulativeWeights.ChunkSums"/> of the weights,
    /// taken in the same pass.
    /// </summary>
    /// <remarks>
    /// One pass: subtract, scale, exponential and mask per vector, the exponential skipped for a vector the cutoff
    /// drops whole (most of a peaked row under a nucleus). <see cref="Vector256.Exp(Vector256{float})"/> gives each
    /// lane what <see cref="TensorPrimitives.Exp{T}(ReadOnlySpan{T}, Span{T})"/> gives it, so the weights are those of
    /// separate passes bit for bit (RowKernelsTests). 256-bit vectors: the 512-bit exponential ran slower in this loop
    /// on an AMD EPYC with AVX-512 (bench/results/sampling-cpu.md). Compiled fully optimised from the first call: its
    /// unoptimised first tier calls the exponential out of line, five times slower, for a silo's first steps.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Weigh(ReadOnlySpan<float> row, float max, float scale, RankCutoff cutoff, Span<float> weights, Span<double> chunkSums = default, int firstToken = 0)
    {
        if (!Vector256.IsHardwareAccelerated || row.Length < Vector256<float>.Count)
        {
            TensorPrimitives.Subtract(row, max, weights);
            if (scale != 1f)
            {
                TensorPrimitives.Multiply(weights, scale, weights);
            }

            TensorPrimitives.Exp(weights, weights);
            Mask(row, cutoff, weights, firstToken);
            SumChunks(weights, chunkSums);
            return;
        }

        ref var values = ref MemoryMarshal.GetReference(row);
        ref var output = ref MemoryMarshal.GetReference(weights);
        var (bar, top, scales) = (Vector256.Create(cutoff.Value), Vector256.Create(max), Vector256.Create(scale));
        var last = row.Length - Vector256<float>.Count;

        // Chunk sums as CumulativeWeights takes them (two widened halves per vector, then across the lanes); a row that
        // ends inside a vector has them taken afterwards.
        var summing = !chunkSums.IsEmpty && row.Length % Vector256<float>.Count == 0;
        var sums = Vector256<double>.Zero;

        // The last vector ends at the row's end, overlapping the one before: its lanes are weighed the same again.
        for (var i = 0; ; i = Math.Min(i + Vector256<float>.Count, last))
        {
            var logits = Vector256.LoadUnsafe(ref values, (nuint)i);
            var kept = Vector256.GreaterThan(logits, bar);
            var tied = Vector256.Equals(logits, bar);
            var weighed = Vector256<float>.Zero;
            if ((kept | tied) != Vector256<float>.Zero)
            {
                // Multiplying by 1 changes nothing, as the separate passes skip it.
                var exponentials = Vector256.Exp((logits - top) * scales);
                weighed = exponentials & kept;
                if (tied != Vector256<float>.Zero)
                {
                    exponentials.StoreUnsafe(ref output, (nuint)i);
                    MaskScalar(row, cutoff, weights, i, i + Vector256<float>.Count, firstToken);
                    weighed = Vector256.LoadUnsafe(ref output, (nuint)i);
                }
            }

            weighed.StoreUnsafe(ref output, (nuint)i);
            if (summing)
            {
                var (lower, upper) = Vector256.Widen(weighed);
                sums += lower + upper;
                if ((i + Vector256<float>.Count) % CumulativeWeights.Chunk == 0 || i == last)
                {
                    chunkSums[i / CumulativeWeights.Chunk] = Vector256.Sum(sums);
                    sums = Vector256<double>.Zero;
                }
            }

            if (i == last)
            {
                break;
            }
        }

        if (!summing)
        {
            SumChunks(weights, chunkSums);
        }
    }

    private static void SumChunks(ReadOnlySpan<float> weights, Span<double> chunkSums)
    {
        if (!chunkSums.IsEmpty)
        {
            CumulativeWeights.ChunkSums(weights, chunkSums);
        }
    }
}
