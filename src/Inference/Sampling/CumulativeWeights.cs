using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Inference.Sampling;

/// <summary>Sums of a row of sampling weights in double precision, and the token where their running sum crosses a draw.</summary>
internal static class CumulativeWeights
{
    /// <summary>Weights per chunk: sums are taken chunk by chunk, and the chunk sums added in order.</summary>
    public const int Chunk = 1024;

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

    /// <summary>Each chunk's sum into <paramref name="sums"/>: <see cref="Total"/> of them is <see cref="Sum"/>.</summary>
    public static void ChunkSums(ReadOnlySpan<float> weights, Span<double> sums)
    {
        for (var start = 0; start < weights.Length; start += Chunk)
        {
            sums[start / Chunk] = SumInDoubles(weights.Slice(start, Math.Min(Chunk, weights.Length - start)));
        }
    }

    /// <summary>The chunk sums added in order, as <see cref="Sum"/> adds them.</summary>
    public static double Total(ReadOnlySpan<double> chunkSums)
    {
        double total = 0;
        foreach (var sum in chunkSums)
        {
            total += sum;
        }

        return total;
    }

    /// <summary>
    /// The index at which the running sum of <paramref name="weights"/> first exceeds <paramref name="target"/> (the
    /// last positive weight if rounding leaves it short); <paramref name="chunkSums"/>, where given, are the chunks'
    /// sums already taken (<see cref="ChunkSums"/>).
    /// </summary>
    /// <remarks>Chunk sums are vectorised, so only one chunk is walked one by one.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int FindCumulative(ReadOnlySpan<float> weights, double target, ReadOnlySpan<double> chunkSums = default)
    {
        double before = 0;
        var start = 0;
        for (; start < weights.Length; start += Chunk)
        {
            var sum = chunkSums.IsEmpty ? SumInDoubles(weights.Slice(start, Math.Min(Chunk, weights.Length - start))) : chunkSums[start / Chunk];
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
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
}
