using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Inference.Sampling;

/// <summary>Vectorised passes over one logits row: its finite range, and its sampling weights under a cutoff.</summary>
internal static class RowKernels
{
    private const int Chunk = 1024;

    /// <summary>The largest finite logit (NaN and ±∞ ignored); -∞ for a row without one.</summary>
    public static float FiniteMax(ReadOnlySpan<float> row)
    {
        var max = float.NegativeInfinity;
        var i = 0;
        if (Vector256.IsHardwareAccelerated && row.Length >= Vector256<float>.Count)
        {
            ref var start = ref MemoryMarshal.GetReference(row);
            var maxes = Vector256.Create(float.NegativeInfinity);
            var ceiling = Vector256.Create(float.PositiveInfinity);
            for (; i <= row.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                // Comparisons with NaN are false, so NaN never replaces the maximum.
                var values = Vector256.LoadUnsafe(ref start, (nuint)i);
                maxes = Vector256.ConditionalSelect(Vector256.GreaterThan(values, maxes) & Vector256.LessThan(values, ceiling), values, maxes);
            }

            for (var lane = 0; lane < Vector256<float>.Count; lane++)
            {
                max = Math.Max(max, maxes[lane]);
            }
        }

        for (; i < row.Length; i++)
        {
            max = row[i] > max && row[i] < float.PositiveInfinity ? row[i] : max;
        }

        return max;
    }

    /// <summary>exp((logit - max) × scale) into <paramref name="weights"/> for the tokens <paramref name="cutoff"/> keeps, 0 for the rest.</summary>
    public static void Weigh(ReadOnlySpan<float> row, float max, float scale, RankCutoff cutoff, Span<float> weights)
    {
        TensorPrimitives.Subtract(row, max, weights);
        if (scale != 1f)
        {
            TensorPrimitives.Multiply(weights, scale, weights);
        }

        TensorPrimitives.Exp(weights, weights);
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var values = ref MemoryMarshal.GetReference(row);
            ref var output = ref MemoryMarshal.GetReference(weights);
            var bar = Vector256.Create(cutoff.Value);
            for (; i <= row.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var logits = Vector256.LoadUnsafe(ref values, (nuint)i);
                if (Vector256.EqualsAny(logits, bar))
                {
                    MaskScalar(row, cutoff, weights, i, i + Vector256<float>.Count);
                    continue;
                }

                (Vector256.LoadUnsafe(ref output, (nuint)i) & Vector256.GreaterThan(logits, bar)).StoreUnsafe(ref output, (nuint)i);
            }
        }

        MaskScalar(row, cutoff, weights, i, row.Length);
    }

    /// <summary>
    /// A key that orders logits from the largest down as unsigned integers (-0 taken as +0): the float's bits with the
    /// sign bit flipped for positives and all bits flipped for negatives give ascending order; inverted, descending.
    /// </summary>
    public static uint DescendingKey(float value)
    {
        var bits = BitConverter.SingleToInt32Bits(value + 0f);
        return ~(uint)(bits ^ ((bits >> 31) | int.MinValue));
    }

    /// <summary>
    /// Each token's first radix bucket, the top 11 bits of its <see cref="DescendingKey"/> (bucket 0 holds the largest
    /// logits); NaN, -∞ and tokens <paramref name="floor"/> drops go to bucket <see cref="RankThreshold.Buckets"/>.
    /// </summary>
    public static void Bucket(ReadOnlySpan<float> row, RankCutoff floor, Span<int> output)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var values = ref MemoryMarshal.GetReference(row);
            ref var indices = ref MemoryMarshal.GetReference(output);
            var bar = Vector256.Create(floor.Value);
            var outside = Vector256.Create(RankThreshold.Buckets);
            for (; i <= row.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var logits = Vector256.LoadUnsafe(ref values, (nuint)i);
                if (Vector256.EqualsAny(logits, bar))
                {
                    BucketScalar(row, floor, output, i, i + Vector256<float>.Count);
                    continue;
                }

                var bits = (logits + Vector256<float>.Zero).AsInt32();
                var key = ~(bits ^ (Vector256.ShiftRightArithmetic(bits, 31) | Vector256.Create(int.MinValue)));
                var bucket = Vector256.ShiftRightLogical(key, 21);
                var counts = Vector256.GreaterThan(logits, bar).AsInt32();
                Vector256.ConditionalSelect(counts, bucket, outside).StoreUnsafe(ref indices, (nuint)i);
            }
        }

        BucketScalar(row, floor, output, i, row.Length);
    }

    /// <summary>The sum of the weights, in the chunks <see cref="FindCumulative"/> walks.</summary>
    public static double Sum(ReadOnlySpan<float> weights)
    {
        double total = 0;
        for (var start = 0; start < weights.Length; start += Chunk)
        {
            total += SumInDoubles(weights.Slice(start, Math.Min(Chunk, weights.Length - start)));
        }

        return total;
    }

    /// <summary>The index at which the running sum of <paramref name="weights"/> first exceeds <paramref name="target"/> (the last positive weight if rounding leaves it short).</summary>
    /// <remarks>Chunk sums are vectorised, so only one chunk is walked one by one.</remarks>
    public static int FindCumulative(ReadOnlySpan<float> weights, double target)
    {
        double before = 0;
        var start = 0;
        for (; start < weights.Length; start += Chunk)
        {
            var sum = SumInDoubles(weights.Slice(start, Math.Min(Chunk, weights.Length - start)));
            if (before + sum > target)
            {
                break;
            }

            before += sum;
        }

        var last = -1;
        for (var i = Math.Max(0, Math.Min(start, weights.Length - 1)); i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                before += weights[i];
                last = i;
                if (before > target)
                {
                    return i;
                }
            }
        }

        return last >= 0 ? last : LastPositive(weights);
    }

    // A float sum would drop tiny weights next to large ones (1 + 1e-8 is 1 in single precision), and the tail of a
    // peaked row is many tiny weights.
    private static double SumInDoubles(ReadOnlySpan<float> weights)
    {
        var i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(weights);
            var sums = Vector256<double>.Zero;
            for (; i <= weights.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var (lower, upper) = Vector256.Widen(Vector256.LoadUnsafe(ref start, (nuint)i));
                sums += lower + upper;
            }

            sum = Vector256.Sum(sums);
        }

        for (; i < weights.Length; i++)
        {
            sum += weights[i];
        }

        return sum;
    }

    private static int LastPositive(ReadOnlySpan<float> weights)
    {
        for (var i = weights.Length - 1; i >= 0; i--)
        {
            if (weights[i] > 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static void BucketScalar(ReadOnlySpan<float> row, RankCutoff floor, Span<int> output, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var value = row[i];
            output[i] = value > float.NegativeInfinity && floor.Keeps(value, i) ? (int)(DescendingKey(value) >> 21) : RankThreshold.Buckets;
        }
    }

    private static void MaskScalar(ReadOnlySpan<float> row, RankCutoff cutoff, Span<float> weights, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            weights[i] = cutoff.Keeps(row[i], i) ? weights[i] : 0f;
        }
    }
}
