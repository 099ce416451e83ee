using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Inference.Sampling;

/// <summary>
/// The histogram of a row's first radix buckets (<see cref="RowKernels.Bucket"/>): each bucket's token count and the
/// sum of its tokens' weights, the sums exactly those of adding the weights in token order.
/// </summary>
/// <remarks>
/// Adding in token order makes every token wait for the previous addition to its bucket, and a flat row puts most of
/// its tokens in a few buckets: one long chain of dependent additions. Here consecutive tokens go to
/// <see cref="Lanes"/> separate histograms, added together at the end. That order gives the same sums wherever a
/// bucket's sum is exact in double precision, which <see cref="SumsExactly"/> checks from the counts alone; a row
/// where one might not be (tens of thousands of logits between ±32 and ±64 in one bucket, or three beyond ±64: several
/// tokens biased by -100) is summed again in token order. The weights are exp(logit - max) of the row, as top-p weighs
/// it. Scratch for one thread at a time.
/// </remarks>
internal sealed class BucketHistogram
{
    /// <summary>Entries of a histogram: the first pass's buckets and the one past them for tokens that do not count.</summary>
    public const int Size = RankThreshold.Buckets + 1;

    private const int Lanes = 4;

    // The most tokens a bucket may hold for its sum to be exact in any order: weights are exp(logit - max) ≤ 1 of
    // logits inside one bucket, so they differ by at most e^width; each is a multiple of the smallest one's ulp
    // (≥ 2^-24 of it), so the sum is exact while count × e^width × 2^24 stays under 2^53 (2^52 here, with room for the
    // rounding of the subtraction and the exponential). Two tokens always sum exactly: one rounding in either order.
    private static readonly int[] ExactCounts = BuildExactCounts();

    private readonly double[] _weights = new double[Lanes * Size];
    private readonly int[] _counts = new int[Lanes * Size];

    /// <summary>
    /// Each bucket's weight (empty <paramref name="weights"/>: 1 per token) and token count into
    /// <paramref name="bucketWeights"/> and <paramref name="bucketCounts"/>, which it overwrites.
    /// </summary>
    public void Fill(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, Span<double> bucketWeights, Span<int> bucketCounts)
    {
        Array.Clear(_weights);
        Array.Clear(_counts);
        var token = 0;
        if (Vector256.IsHardwareAccelerated && buckets.Length >= Vector256<int>.Count)
        {
            token = buckets.Length - (buckets.Length % Vector256<int>.Count);
            if (weights.IsEmpty)
            {
                CountEights(buckets[..token]);
            }
            else
            {
                AddEights(buckets[..token], weights[..token]);
            }
        }

        for (; token < buckets.Length; token++)
        {
            var entry = ((token % Lanes) * Size) + buckets[token];
            _weights[entry] += weights.IsEmpty ? 1 : weights[token];
            _counts[entry]++;
        }

        bucketWeights.Clear();
        bucketCounts.Clear();
        for (var lane = 0; lane < Lanes; lane++)
        {
            for (var i = 0; i < Size; i++)
            {
                bucketWeights[i] += _weights[(lane * Size) + i];
                bucketCounts[i] += _counts[(lane * Size) + i];
            }
        }

        if (weights.IsEmpty)
        {
            // Every token weighs 1: a bucket weighs its count.
            for (var i = 0; i < Size; i++)
            {
                bucketWeights[i] = bucketCounts[i];
            }
        }
        else if (!SumsExactly(bucketCounts))
        {
            AddInTokenOrder(buckets, weights, bucketWeights);
        }
    }

    /// <summary>Whether every bucket's weight sum is the same in any order of addition, judged from its count.</summary>
    public static bool SumsExactly(ReadOnlySpan<int> bucketCounts)
    {
        for (var bucket = 0; bucket < RankThreshold.Buckets; bucket++)
        {
            if (bucketCounts[bucket] > ExactCounts[bucket])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Each bucket's weight, added in token order, into <paramref name="bucketWeights"/>, which it overwrites.</summary>
    public static void AddInTokenOrder(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, Span<double> bucketWeights)
    {
        bucketWeights.Clear();
        for (var token = 0; token < buckets.Length; token++)
        {
            bucketWeights[buckets[token]] += weights[token];
        }
    }

    // Eight tokens at a time, token i to lane i mod 4; eight that all fall outside (what the floor drops: most of a
    // peaked row) are skipped together.
    private void AddEights(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights)
    {
        ref var bucket = ref MemoryMarshal.GetReference(buckets);
        ref var weight = ref MemoryMarshal.GetReference(weights);
        ref var sums = ref MemoryMarshal.GetArrayDataReference(_weights);
        ref var counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        var outside = Vector256.Create(RankThreshold.Buckets);
        for (var token = 0; token < buckets.Length; token += Vector256<int>.Count)
        {
            if (!Vector256.EqualsAll(Vector256.LoadUnsafe(ref bucket, (nuint)token), outside))
            {
                AddFour(ref sums, ref counts, ref Unsafe.Add(ref bucket, token), ref Unsafe.Add(ref weight, token));
                AddFour(ref sums, ref counts, ref Unsafe.Add(ref bucket, token + Lanes), ref Unsafe.Add(ref weight, token + Lanes));
            }
        }
    }

    private void CountEights(ReadOnlySpan<int> buckets)
    {
        ref var bucket = ref MemoryMarshal.GetReference(buckets);
        ref var counts = ref MemoryMarshal.GetArrayDataReference(_counts);
        var outside = Vector256.Create(RankThreshold.Buckets);
        for (var token = 0; token < buckets.Length; token += Vector256<int>.Count)
        {
            if (!Vector256.EqualsAll(Vector256.LoadUnsafe(ref bucket, (nuint)token), outside))
            {
                for (var lane = 0; lane < Vector256<int>.Count; lane++)
                {
                    Unsafe.Add(ref counts, ((lane % Lanes) * Size) + Unsafe.Add(ref bucket, token + lane))++;
                }
            }
        }
    }

    // Four consecutive tokens, one to each lane: four independent chains of additions.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddFour(ref double sums, ref int counts, ref int bucket, ref float weight)
    {
        int first = bucket, second = Size + Unsafe.Add(ref bucket, 1), third = (2 * Size) + Unsafe.Add(ref bucket, 2), fourth = (3 * Size) + Unsafe.Add(ref bucket, 3);
        Unsafe.Add(ref sums, first) += weight;
        Unsafe.Add(ref sums, second) += Unsafe.Add(ref weight, 1);
        Unsafe.Add(ref sums, third) += Unsafe.Add(ref weight, 2);
        Unsafe.Add(ref sums, fourth) += Unsafe.Add(ref weight, 3);
        Unsafe.Add(ref counts, first)++;
        Unsafe.Add(ref counts, second)++;
        Unsafe.Add(ref counts, third)++;
        Unsafe.Add(ref counts, fourth)++;
    }

    // A bucket is one sign, one exponent and the top two mantissa bits of its logits: a quarter of the exponent's span.
    private static int[] BuildExactCounts()
    {
        var counts = new int[RankThreshold.Buckets];
        for (var sign = 0; sign < 2; sign++)
        {
            for (var exponent = 0; exponent < 256; exponent++)
            {
                for (var quarter = 0; quarter < 4; quarter++)
                {
                    var bits = (sign << 31) | (exponent << 23) | (quarter << 21);
                    var bucket = (int)(RowKernels.DescendingKey(BitConverter.Int32BitsToSingle(bits)) >> 21);
                    var width = Math.ScaleB(1, Math.Max(exponent, 1) - 129);
                    var fit = Math.ScaleB(1, 28) / Math.Exp(Math.Min(700, (1.01 * width) + 0.01));
                    counts[bucket] = (int)Math.Clamp(fit, 2, int.MaxValue);
                }
            }
        }

        return counts;
    }
}
