using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Inference.Sampling;

/// <summary>Vectorised passes over one logits row: its largest finite logit, its radix buckets, and its sampling weights under a cutoff (RowKernels.Weigh.cs).</summary>
/// <remarks>
/// Each pass is compiled fully optimised from its first call: an unoptimised first tier runs vector code tens of times
/// slower (a silo's first steps), and how soon it was replaced depended on which settings had run before.
/// </remarks>
internal static partial class RowKernels
{
    /// <summary>The largest finite logit (NaN and ±∞ ignored); -∞ for a row without one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// Sets to 0 the weights of the tokens <paramref name="cutoff"/> drops, leaving the rest: a row weighed under a looser
    /// cutoff then holds what <see cref="Weigh"/> gives under this one at the same scale.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Mask(ReadOnlySpan<float> row, RankCutoff cutoff, Span<float> weights, int firstToken = 0)
    {
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
                    MaskScalar(row, cutoff, weights, i, i + Vector256<float>.Count, firstToken);
                    continue;
                }

                (Vector256.LoadUnsafe(ref output, (nuint)i) & Vector256.GreaterThan(logits, bar)).StoreUnsafe(ref output, (nuint)i);
            }
        }

        MaskScalar(row, cutoff, weights, i, row.Length, firstToken);
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
    /// <paramref name="firstToken"/> is the token of <paramref name="row"/>[0] (a part of a row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Bucket(ReadOnlySpan<float> row, RankCutoff floor, Span<int> output, int firstToken = 0)
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
                    BucketScalar(row, floor, output, i, i + Vector256<float>.Count, firstToken);
                    continue;
                }

                var bits = (logits + Vector256<float>.Zero).AsInt32();
                var key = ~(bits ^ (Vector256.ShiftRightArithmetic(bits, 31) | Vector256.Create(int.MinValue)));
                var bucket = Vector256.ShiftRightLogical(key, 21);
                var counts = Vector256.GreaterThan(logits, bar).AsInt32();
                Vector256.ConditionalSelect(counts, bucket, outside).StoreUnsafe(ref indices, (nuint)i);
            }
        }

        BucketScalar(row, floor, output, i, row.Length, firstToken);
    }

    /// <summary>
    /// Every index of <paramref name="values"/> that holds <paramref name="value"/>, in order, plus
    /// <paramref name="firstIndex"/>, into <paramref name="indices"/> (grown as needed).
    /// </summary>
    /// <returns>How many there are.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int IndicesOf(ReadOnlySpan<int> values, int value, ref int[] indices, int firstIndex = 0)
    {
        var count = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // One comparison per eight values; only the lanes that match are visited.
            ref var start = ref MemoryMarshal.GetReference(values);
            var wanted = Vector256.Create(value);
            for (; i <= values.Length - Vector256<int>.Count; i += Vector256<int>.Count)
            {
                for (var lanes = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), wanted).ExtractMostSignificantBits(); lanes != 0; lanes &= lanes - 1)
                {
                    Append(ref indices, ref count, firstIndex + i + BitOperations.TrailingZeroCount(lanes));
                }
            }
        }

        for (; i < values.Length; i++)
        {
            if (values[i] == value)
            {
                Append(ref indices, ref count, firstIndex + i);
            }
        }

        return count;
    }

    private static void Append(ref int[] indices, ref int count, int index)
    {
        if (count == indices.Length)
        {
            Array.Resize(ref indices, Math.Max(64, count * 2));
        }

        indices[count++] = index;
    }

    private static void BucketScalar(ReadOnlySpan<float> row, RankCutoff floor, Span<int> output, int from, int to, int firstToken)
    {
        for (var i = from; i < to; i++)
        {
            var value = row[i];
            output[i] = value > float.NegativeInfinity && floor.Keeps(value, firstToken + i) ? (int)(DescendingKey(value) >> 21) : RankThreshold.Buckets;
        }
    }

    private static void MaskScalar(ReadOnlySpan<float> row, RankCutoff cutoff, Span<float> weights, int from, int to, int firstToken)
    {
        for (var i = from; i < to; i++)
        {
            weights[i] = cutoff.Keeps(row[i], firstToken + i) ? weights[i] : 0f;
        }
    }
}
