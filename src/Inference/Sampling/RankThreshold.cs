namespace Cluster.Inference.Sampling;

/// <summary>
/// Finds, in O(vocabulary), the shortest prefix of a row's ranking (logit descending, token ascending) whose weight
/// reaches a target: a count for top-k (every weight 1), a probability mass for top-p. No sort of the row: a
/// histogram of the logits locates the bucket where the target is reached, and only that bucket's tokens are
/// ranked (re-bucketed first while they are many).
/// </summary>
/// <remarks>Scratch for one thread at a time.</remarks>
internal sealed class RankThreshold
{
    private const int Buckets = 2048;
    private const int FewEnoughToSort = 512;
    // One more slot than buckets: tokens that do not count land in the last.
    private readonly double[] _bucketWeights = new double[Buckets + 1];
    private readonly int[] _bucketCounts = new int[Buckets + 1];
    private int[] _rowBuckets = [];
    private RankedToken[] _members = new RankedToken[FewEnoughToSort];
    private int _memberCount;

    /// <summary>
    /// The cutoff of the shortest prefix, among the tokens <paramref name="floor"/> keeps, whose weights sum to at least
    /// <paramref name="target"/>; <paramref name="floor"/> itself where they never do.
    /// </summary>
    /// <param name="row">The logits.</param>
    /// <param name="weights">Each token's weight; empty weighs every token 1.</param>
    /// <param name="floor">Tokens it drops count for nothing.</param>
    /// <param name="target">The weight the prefix must reach.</param>
    /// <param name="max">The row's largest finite logit.</param>
    /// <param name="min">The row's smallest finite logit.</param>
    public RankCutoff Find(ReadOnlySpan<float> row, ReadOnlySpan<float> weights, RankCutoff floor, double target, float max, float min)
    {
        var scale = max > min ? (Buckets - 1) / (max - min) : 0f;
        if (_rowBuckets.Length < row.Length)
        {
            _rowBuckets = new int[row.Length];
        }

        var buckets = _rowBuckets.AsSpan(0, row.Length);
        RowKernels.Bucket(row, max, min, scale, floor, Buckets, buckets);
        Array.Clear(_bucketWeights);
        Array.Clear(_bucketCounts);
        for (var token = 0; token < buckets.Length; token++)
        {
            var bucket = buckets[token];
            _bucketCounts[bucket]++;
            _bucketWeights[bucket] += weights.IsEmpty ? 1 : weights[token];
        }

        if (Locate(target, orLast: false) is not ({ } found, var before))
        {
            return floor;
        }

        _memberCount = 0;
        for (var token = buckets.IndexOf(found); token >= 0;)
        {
            Add(new RankedToken(row[token], token, weights.IsEmpty ? 1 : weights[token]));
            var next = buckets[(token + 1)..].IndexOf(found);
            token = next < 0 ? -1 : token + 1 + next;
        }

        return Rank(target - before) ?? floor;
    }

    // The first bucket at which the running weight reaches the target, and the weight of the buckets above it; where
    // none does, the last bucket holding a token if orLast (rounding left the sum short), else none.
    private (int? Bucket, double Before) Locate(double target, bool orLast)
    {
        double before = 0;
        var last = -1;
        for (var bucket = 0; bucket < Buckets; bucket++)
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

    // Narrows the members to the bucket holding the target while they are many and not all equal, then ranks them;
    // the last of them where rounding leaves their sum short of the target.
    private RankCutoff? Rank(double target)
    {
        while (_memberCount > FewEnoughToSort)
        {
            var members = _members.AsSpan(0, _memberCount);
            var (max, min) = (float.NegativeInfinity, float.PositiveInfinity);
            foreach (var member in members)
            {
                (max, min) = (Math.Max(max, member.Value), Math.Min(min, member.Value));
            }

            if (max == min)
            {
                break; // all equal: collected in token order, which is their rank
            }

            var scale = (Buckets - 1) / (max - min);
            Array.Clear(_bucketWeights);
            Array.Clear(_bucketCounts);
            foreach (var member in members)
            {
                var bucket = Math.Min(Buckets - 1, (int)((max - member.Value) * scale));
                _bucketWeights[bucket] += member.Weight;
                _bucketCounts[bucket]++;
            }

            var (found, before) = Locate(target, orLast: true);
            target -= before;
            var kept = 0;
            foreach (var member in members)
            {
                if (Math.Min(Buckets - 1, (int)((max - member.Value) * scale)) == found)
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
