using System.Runtime.Intrinsics;

namespace Cluster.Inference.Sampling;

/// <summary>
/// Finds, in O(vocabulary), the shortest prefix of a row's ranking (logit descending, token ascending) whose weight
/// reaches a target: a count for top-k (every weight 1), a probability mass for top-p. No sort of the row: a radix
/// select over the logits' bits. The top 11 bits of each logit's order-preserving key pick one of 2,048 buckets, the
/// bucket where the running weight reaches the target is kept, and its tokens are re-bucketed on the next bits while
/// they are many. Buckets follow the float exponent, so a logit_bias of -100 or a row 0.02 wide resolves as finely
/// as a trained model's.
/// </summary>
/// <remarks>Scratch for one thread at a time.</remarks>
internal sealed class RankThreshold
{
    /// <summary>Buckets of the first pass; a token that does not count goes to the one past the last.</summary>
    public const int Buckets = 2048;

    private const int FewEnoughToSort = 256;
    private static readonly (int Shift, uint Mask)[] LaterLevels = [(10, 0x7FF), (0, 0x3FF)];
    private readonly double[] _bucketWeights = new double[Buckets + 1];
    private readonly int[] _bucketCounts = new int[Buckets + 1];
    private int[] _rowBuckets = [];
    private int[] _memberTokens = [];
    private RankedToken[] _members = new RankedToken[FewEnoughToSort];
    private int _memberCount;

    /// <summary>
    /// The cutoff of the shortest prefix, among the tokens <paramref name="floor"/> keeps, whose weights sum to at least
    /// <paramref name="target"/>; <paramref name="floor"/> itself where they never do. NaN and -∞ never count.
    /// </summary>
    /// <param name="row">The logits.</param>
    /// <param name="weights">Each token's weight; empty weighs every token 1.</param>
    /// <param name="floor">Tokens it drops count for nothing.</param>
    /// <param name="target">The weight the prefix must reach.</param>
    /// <param name="split">Where given, the row's passes run in parts on its workers.</param>
    public RankCutoff Find(ReadOnlySpan<float> row, ReadOnlySpan<float> weights, RankCutoff floor, double target, RowSplit? split = null)
    {
        if (_rowBuckets.Length < row.Length)
        {
            _rowBuckets = new int[row.Length];
        }

        var buckets = _rowBuckets.AsSpan(0, row.Length);
        if (split is null)
        {
            RowKernels.Bucket(row, floor, buckets);
            Array.Clear(_bucketWeights);
            Array.Clear(_bucketCounts);
            Histogram(buckets, weights, _bucketWeights, _bucketCounts);
        }
        else
        {
            split.Count(row, weights, floor, buckets, _bucketWeights, _bucketCounts);
        }

        if (Locate(Buckets, target, orLast: false) is not ({ } found, var before))
        {
            return floor;
        }

        _memberCount = 0;
        if (split is null)
        {
            var members = RowKernels.IndicesOf(buckets, found, ref _memberTokens);
            foreach (var member in _memberTokens.AsSpan(0, members))
            {
                AddMember(row, weights, member);
            }
        }
        else
        {
            for (int part = 0, parts = split.Collect(buckets, found); part < parts; part++)
            {
                foreach (var member in split.Members(part))
                {
                    AddMember(row, weights, member);
                }
            }
        }

        return Rank(target - before) ?? floor;
    }

    /// <summary>Adds each token's weight (empty: 1) and a count to its bucket, in token order.</summary>
    public static void Histogram(ReadOnlySpan<int> buckets, ReadOnlySpan<float> weights, Span<double> bucketWeights, Span<int> bucketCounts)
    {
        var token = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // Tokens the floor drops are skipped eight at a time: on a peaked row that is most of them.
            var outside = Vector256.Create(Buckets);
            for (; token <= buckets.Length - Vector256<int>.Count; token += Vector256<int>.Count)
            {
                if (Vector256.EqualsAll(Vector256.Create<int>(buckets.Slice(token, Vector256<int>.Count)), outside))
                {
                    continue;
                }

                for (var lane = token; lane < token + Vector256<int>.Count; lane++)
                {
                    bucketCounts[buckets[lane]]++;
                    bucketWeights[buckets[lane]] += weights.IsEmpty ? 1 : weights[lane];
                }
            }
        }

        for (; token < buckets.Length; token++)
        {
            bucketCounts[buckets[token]]++;
            bucketWeights[buckets[token]] += weights.IsEmpty ? 1 : weights[token];
        }
    }

    private void AddMember(ReadOnlySpan<float> row, ReadOnlySpan<float> weights, int token) =>
        Add(new RankedToken(row[token] + 0f, token, weights.IsEmpty ? 1 : weights[token]));

    // The first bucket at which the running weight reaches the target, and the weight of the buckets above it; where
    // none does, the last bucket holding a token if orLast (rounding left the sum short), else none.
    private (int? Bucket, double Before) Locate(int buckets, double target, bool orLast)
    {
        double before = 0;
        var last = -1;
        for (var bucket = 0; bucket < buckets; bucket++)
        {
            if (_bucketCounts[bucket] > 0 && before + _bucketWeights[bucket] >= target)
            {
                return (bucket, before);
            }

            last = _bucketCounts[bucket] > 0 ? bucket : last;
            before += _bucketWeights[bucket];
        }

        return orLast && last >= 0 ? (last, before - _bucketWeights[last]) : (null, before);
    }

    // Narrows the members on their key's later bits while they are many, then ranks them; after the last bits they
    // are equal, and were collected in token order, which is then their rank. Where rounding leaves their sum short
    // of the target, the last of them.
    private RankCutoff? Rank(double target)
    {
        foreach (var (shift, mask) in LaterLevels)
        {
            if (_memberCount <= FewEnoughToSort)
            {
                break;
            }

            var members = _members.AsSpan(0, _memberCount);
            Array.Clear(_bucketWeights);
            Array.Clear(_bucketCounts);
            foreach (var member in members)
            {
                var bucket = (int)((RowKernels.DescendingKey(member.Value) >> shift) & mask);
                _bucketWeights[bucket] += member.Weight;
                _bucketCounts[bucket]++;
            }

            var (found, before) = Locate((int)mask + 1, target, orLast: true);
            target -= before;
            var kept = 0;
            foreach (var member in members)
            {
                if ((int)((RowKernels.DescendingKey(member.Value) >> shift) & mask) == found)
                {
                    _members[kept++] = member;
                }
            }

            _memberCount = kept;
        }

        var ranked = _members.AsSpan(0, _memberCount);
        if (_memberCount <= FewEnoughToSort)
        {
            ranked.Sort(RankedToken.Compare);
        }

        double cumulative = 0;
        foreach (var member in ranked)
        {
            cumulative += member.Weight;
            if (cumulative >= target)
            {
                return new RankCutoff(member.Value, member.Token);
            }
        }

        return ranked.IsEmpty ? null : new RankCutoff(ranked[^1].Value, ranked[^1].Token);
    }

    private void Add(RankedToken member)
    {
        if (_memberCount == _members.Length)
        {
            Array.Resize(ref _members, _members.Length * 2);
        }

        _members[_memberCount++] = member;
    }

    private readonly record struct RankedToken(float Value, int Token, double Weight)
    {
        public static int Compare(RankedToken a, RankedToken b) =>
            a.Value != b.Value ? b.Value.CompareTo(a.Value) : a.Token.CompareTo(b.Token);
    }
}
