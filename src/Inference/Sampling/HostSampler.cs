using System.Numerics.Tensors;

namespace Cluster.Inference.Sampling;

/// <summary>
/// Top-k → top-p → min-p → temperature → draw over one logits row, in llama.cpp's order and with its semantics, but
/// over only the candidates that can survive: the row is scanned once for its largest entries instead of being
/// copied whole into a candidate array per token (bench/gpu: that copy was the host's largest cost per step).
/// </summary>
/// <remarks>
/// Without top-k, the candidates grow (64, 512, 4096) until the top-p mass lies inside them; min-p alone counts the
/// tokens above its cut first. A row that needs more than 4,096 candidates answers null and the caller samples with
/// llama.cpp instead. Penalties are not handled here.
/// Owned by one sequence's sampler; not thread-safe.
/// </remarks>
internal sealed class HostSampler
{
    private const int FirstGuess = 64;
    private const int Growth = 8;
    private const int MostCandidates = 4096;

    private readonly SamplingOptions _options;
    private readonly int[] _banned;
    private readonly int _seed;
    private readonly TopLogits _top = new();
    private float[] _weights = new float[FirstGuess];
    private float[]? _row;
    private Random _random;

    public HostSampler(SamplingOptions options, int[] banned, uint seed)
    {
        _options = options;
        _banned = banned;
        _seed = unchecked((int)seed);
        _random = new Random(_seed);
    }

    /// <summary>Draws the next token, or null where the row needs more candidates than are scanned cheaply.</summary>
    public int? Sample(ReadOnlySpan<float> logits)
    {
        var topK = _options.TopK > 0 ? Math.Min(_options.TopK, logits.Length) : 0;
        if (topK == 0 && _options.TopP >= 1f && _options.MinP <= 0f)
        {
            return DrawFromWholeRow(logits);
        }

        if (topK == 0 && _options.TopP >= 1f)
        {
            return DrawAboveMinP(logits);
        }

        double wholeRowMass = 0;
        for (var limit = topK > 0 ? topK : FirstGuess; limit <= MostCandidates;)
        {
            _top.Select(logits, limit, _banned);
            var complete = topK > 0 || _top.Count < limit;
            if (_top.Count == 0)
            {
                return null;
            }

            // Top-p without top-k weighs candidates against the whole row; its largest allowed logit is the first candidate.
            if (topK == 0 && wholeRowMass == 0)
            {
                wholeRowMass = TensorPrimitives.Sum<float>(Exponentiate(logits, 1f, _top.Values[0]));
            }

            var kept = Truncate(complete ? 0 : wholeRowMass, complete);
            if (kept > 0)
            {
                return Draw(kept);
            }

            var nucleus = SmallestNucleus(wholeRowMass);
            if (limit == MostCandidates || nucleus > MostCandidates)
            {
                return null;
            }

            limit = Math.Min(MostCandidates, Math.Max(limit * Growth, nucleus));
        }

        return null;
    }

    // No token outside the candidates weighs more than the last one, so the nucleus needs at least this many tokens.
    private int SmallestNucleus(double wholeRowMass)
    {
        var values = _top.Values;
        var covered = Mass(values, values[0]) / wholeRowMass;
        var lightest = Math.Exp(values[^1] - values[0]) / wholeRowMass;
        var more = (_options.TopP - covered) / lightest;
        return more >= int.MaxValue - values.Length ? int.MaxValue : values.Length + (int)Math.Ceiling(more);
    }

    /// <summary>Back to the seed's first draw.</summary>
    public void Reset() => _random = new Random(_seed);

    // How many of the sorted candidates survive top-p then min-p, or 0 if the top-p cut may lie beyond them. Top-p's
    // probabilities are over the candidates when they are complete (top-k ran first), else over the whole row.
    private int Truncate(double wholeRowMass, bool complete)
    {
        var values = _top.Values;
        var best = values[0];
        var kept = values.Length;
        if (_options.TopP < 1f)
        {
            var mass = complete ? Mass(values, best) : wholeRowMass;
            double cumulative = 0;
            kept = 0;
            for (var i = 0; i < values.Length && kept == 0; i++)
            {
                cumulative += Math.Exp(values[i] - best) / mass;
                kept = cumulative >= _options.TopP ? i + 1 : 0;
            }

            if (kept == 0)
            {
                return complete ? values.Length : 0;
            }
        }

        if (_options.MinP > 0f)
        {
            var cut = best + MathF.Log(_options.MinP);
            var above = 1;
            while (above < kept && values[above] >= cut)
            {
                above++;
            }

            kept = above;
        }

        return kept;
    }

    private int Draw(int kept)
    {
        if (_weights.Length < kept)
        {
            _weights = new float[kept];
        }

        var values = _top.Values[..kept];
        var weights = _weights.AsSpan(0, kept);
        var scale = 1f / _options.Temperature;
        for (var i = 0; i < kept; i++)
        {
            weights[i] = MathF.Exp((values[i] - values[0]) * scale);
        }

        var target = _random.NextDouble() * TensorPrimitives.Sum<float>(weights);
        double cumulative = 0;
        for (var i = 0; i < kept; i++)
        {
            cumulative += weights[i];
            if (cumulative > target)
            {
                return _top.Tokens[i];
            }
        }

        return _top.Tokens[kept - 1];
    }

    // min-p alone: the survivors are the tokens at or above the cut, so count them first and select exactly those.
    private int? DrawAboveMinP(ReadOnlySpan<float> logits)
    {
        var cut = MaxAllowed(logits) + MathF.Log(_options.MinP);
        var survivors = TopLogits.CountAtLeast(logits, cut);
        foreach (var token in _banned)
        {
            survivors -= (uint)token < (uint)logits.Length && logits[token] >= cut ? 1 : 0;
        }

        if (survivors > MostCandidates)
        {
            return null;
        }

        _top.Select(logits, Math.Max(1, survivors), _banned);
        return _top.Count == 0 ? null : Draw(Truncate(0, complete: true));
    }

    // No truncation: temperature over every allowed token of the row.
    private int DrawFromWholeRow(ReadOnlySpan<float> logits)
    {
        var weights = Exponentiate(logits, 1f / _options.Temperature, MaxAllowed(logits));
        var target = _random.NextDouble() * TensorPrimitives.Sum<float>(weights);
        double cumulative = 0;
        var last = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] > 0)
            {
                cumulative += weights[i];
                last = i;
                if (cumulative > target)
                {
                    return i;
                }
            }
        }

        return last;
    }

    // exp((logit - max) * scale) per token into a scratch row, banned tokens at 0; max is the largest allowed logit.
    private Span<float> Exponentiate(ReadOnlySpan<float> logits, float scale, float max)
    {
        _row ??= new float[logits.Length];
        var row = _row.AsSpan(0, logits.Length);
        TensorPrimitives.Subtract(logits, max, row);
        TensorPrimitives.Multiply(row, scale, row);
        TensorPrimitives.Exp(row, row);
        foreach (var token in _banned)
        {
            if ((uint)token < (uint)row.Length)
            {
                row[token] = 0;
            }
        }

        return row;
    }

    private float MaxAllowed(ReadOnlySpan<float> logits)
    {
        _top.Select(logits, 1, _banned);
        return _top.Count == 0 ? 0 : _top.Values[0];
    }

    private static double Mass(ReadOnlySpan<float> values, float best)
    {
        double mass = 0;
        foreach (var value in values)
        {
            mass += Math.Exp(value - best);
        }

        return mass;
    }
}
