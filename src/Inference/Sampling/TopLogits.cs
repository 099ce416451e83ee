using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Cluster.Inference.Sampling;

/// <summary>The largest logits of a row and their tokens, in descending order (ties: lower token first), found in one vectorised pass.</summary>
/// <remarks>
/// A min-heap keeps the best so far; whole vectors whose lanes are all at or below the heap's smallest are skipped
/// with one compare. Over a 128k vocabulary this costs tens of microseconds, where llama.cpp's sampler first copies
/// every logit into a candidate array. Owned by one sampler; not thread-safe.
/// </remarks>
internal sealed class TopLogits
{
    private int[] _tokens = new int[64];
    private float[] _values = new float[64];
    private int _count;

    /// <summary>How many entries the last selection found.</summary>
    public int Count => _count;

    /// <summary>Selected tokens, best first.</summary>
    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, _count);

    /// <summary>Their logits, descending.</summary>
    public ReadOnlySpan<float> Values => _values.AsSpan(0, _count);

    /// <summary>Selects the <paramref name="limit"/> largest logits, never a banned token; NaN and -∞ are never selected.</summary>
    public void Select(ReadOnlySpan<float> logits, int limit, ReadOnlySpan<int> banned)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        if (_tokens.Length < limit)
        {
            _tokens = new int[limit];
            _values = new float[limit];
        }

        _count = 0;
        var threshold = float.NegativeInfinity;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Four vectors per compare-and-branch: most blocks hold nothing above the threshold.
            const int Block = 4 * 8;
            ref var start = ref MemoryMarshal.GetReference(logits);
            for (; i <= logits.Length - Block; i += Block)
            {
                var bar = Vector256.Create(threshold);
                var any = Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)i), bar)
                    | Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)(i + 8)), bar)
                    | Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)(i + 16)), bar)
                    | Vector256.GreaterThan(Vector256.LoadUnsafe(ref start, (nuint)(i + 24)), bar);
                if (any == Vector256<float>.Zero)
                {
                    continue;
                }

                for (var lane = i; lane < i + Block; lane++)
                {
                    if (logits[lane] > threshold)
                    {
                        threshold = Offer(lane, logits[lane], limit, banned, threshold);
                    }
                }
            }
        }

        for (; i < logits.Length; i++)
        {
            if (logits[i] > threshold)
            {
                threshold = Offer(i, logits[i], limit, banned, threshold);
            }
        }

        SortDescending();
    }

    /// <summary>How many entries are at or above <paramref name="bar"/> (NaN never is).</summary>
    public static int CountAtLeast(ReadOnlySpan<float> logits, float bar)
    {
        var count = 0;
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            ref var start = ref MemoryMarshal.GetReference(logits);
            var bars = Vector256.Create(bar);
            for (; i <= logits.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                count += BitOperations.PopCount(Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref start, (nuint)i), bars).ExtractMostSignificantBits());
            }
        }

        for (; i < logits.Length; i++)
        {
            count += logits[i] >= bar ? 1 : 0;
        }

        return count;
    }

    private float Offer(int token, float value, int limit, ReadOnlySpan<int> banned, float threshold)
    {
        // The threshold may have risen since the vector was compared.
        if (value <= threshold || banned.Contains(token))
        {
            return threshold;
        }

        if (_count < limit)
        {
            _tokens[_count] = token;
            _values[_count] = value;
            SiftUp(_count++);
            return _count == limit ? _values[0] : float.NegativeInfinity;
        }

        _tokens[0] = token;
        _values[0] = value;
        SiftDown(0);
        return _values[0];
    }

    private void SiftUp(int child)
    {
        while (child > 0)
        {
            var parent = (child - 1) / 2;
            if (_values[parent] <= _values[child])
            {
                return;
            }

            Swap(parent, child);
            child = parent;
        }
    }

    private void SiftDown(int parent)
    {
        while (true)
        {
            var smallest = parent;
            var left = (2 * parent) + 1;
            var right = left + 1;
            if (left < _count && _values[left] < _values[smallest])
            {
                smallest = left;
            }

            if (right < _count && _values[right] < _values[smallest])
            {
                smallest = right;
            }

            if (smallest == parent)
            {
                return;
            }

            Swap(parent, smallest);
            parent = smallest;
        }
    }

    private void Swap(int a, int b)
    {
        (_values[a], _values[b]) = (_values[b], _values[a]);
        (_tokens[a], _tokens[b]) = (_tokens[b], _tokens[a]);
    }

    private void SortDescending()
    {
        var values = _values.AsSpan(0, _count);
        var tokens = _tokens.AsSpan(0, _count);
        values.Sort(tokens);
        values.Reverse();
        tokens.Reverse();

        // Equal logits: the lower token first, as a full sort by (logit desc, token asc) orders them.
        for (var start = 0; start < values.Length;)
        {
            var end = start + 1;
            while (end < values.Length && values[end] == values[start])
            {
                end++;
            }

            tokens[start..end].Sort();
            start = end;
        }
    }
}
