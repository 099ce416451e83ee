using System.Numerics.Tensors;

namespace Cluster.Inference.Sampling;

/// <summary>
/// Every sampling setting on the host at a cost that does not depend on it: penalties → logit biases and bans →
/// top-k → top-p → min-p → temperature → draw (or greedy), in llama.cpp's order and with its semantics, in a few
/// vectorised passes over the row and no sort of it.
/// </summary>
/// <remarks>
/// A small top-k selects its candidates with one heap pass (<see cref="TopLogits"/>) and truncates those. Otherwise
/// top-k and min-p are cutoffs in the row's ranking (top-k's found by <see cref="RankThreshold"/> in O(vocabulary)),
/// the draw weighs every surviving token in token order, and top-p keeps or refuses the drawn token by the mass ranked
/// above it (one masked sum), searching for the nucleus' edge only after repeated refusals; below temperature 1 the
/// temperature is a refusal too, so top-p sampling weighs the row once. The seed fixes the draws.
/// Owned by one sequence's sampler; not thread-safe (its buffers are the calling thread's <see cref="SamplingScratch"/>).
/// </remarks>
internal sealed class HostSampler
{
    private const int HeapTopK = 256;
    private const int NucleusAttempts = 8;

    private readonly SamplingOptions _options;
    private readonly int[] _banned;
    private readonly KeyValuePair<int, float>[] _biases;
    private readonly PenaltyHistory? _penalties;
    private readonly int _seed;
    private readonly TopLogits _top = new();
    private float[] _weights = new float[64];
    private Random _random;

    public HostSampler(SamplingOptions options, int[] banned, uint seed)
    {
        _options = options;
        _banned = banned;
        _biases = options.LogitBias?.ToArray() ?? [];
        _penalties = options.HasPenalties ? new PenaltyHistory(options) : null;
        _seed = unchecked((int)seed);
        _random = new Random(_seed);
    }

    private bool UsesHeap => _options.TopK is > 0 and <= HeapTopK && !_options.IsGreedy;

    /// <summary>Draws the next token and records it for the penalties; <paramref name="split"/>, where given, runs the row's passes in parts on its workers (the same token).</summary>
    public int Sample(ReadOnlySpan<float> logits, RowSplit? split = null)
    {
        var token = Draw(logits, split);
        Accept(token);
        return token;
    }

    /// <summary>Draws the next token without recording it: a draw that a grammar may still refuse.</summary>
    public int Draw(ReadOnlySpan<float> logits, RowSplit? split = null)
    {
        var scratch = SamplingScratch.Current;
        var row = Adjust(logits, scratch);
        return _options.IsGreedy ? TensorPrimitives.IndexOfMax(row)
            : UsesHeap ? DrawFromTopK(row)
            : DrawFromRow(row, scratch, split);
    }

    /// <summary>Records a token taken without sampling it here, for the penalties.</summary>
    public void Accept(int token) => _penalties?.Accept(token);

    /// <summary>Back to the seed's first draw, with no token penalised.</summary>
    public void Reset()
    {
        _random = new Random(_seed);
        _penalties?.Clear();
    }

    /// <summary>Where top-k, top-p and min-p together cut an (adjusted) row whose largest finite logit is <paramref name="max"/>.</summary>
    internal RankCutoff Truncate(ReadOnlySpan<float> row, float max, SamplingScratch scratch, RowSplit? split = null)
    {
        var cutoff = TopKCutoff(row, scratch, split);

        if (_options.TopP < 1f)
        {
            // Top-p weighs the survivors of top-k by their probabilities at temperature 1.
            var weights = scratch.Weights(row.Length);
            var mass = Weigh(row, max, 1f, cutoff, weights, scratch.ChunkSums(row.Length), split);

            cutoff = cutoff.Tighter(scratch.Threshold.Find(row, weights, cutoff.Tighter(Lightest(row, max, mass)), _options.TopP * mass, split));
        }

        return _options.MinP > 0f ? cutoff.Tighter(MinPCutoff(max)) : cutoff;
    }

    // Penalties, biases and bans change a copy of the row; a row none of them touches is read in place. The heap
    // skips banned tokens itself.
    private ReadOnlySpan<float> Adjust(ReadOnlySpan<float> logits, SamplingScratch scratch)
    {
        var penalised = _penalties is { IsEmpty: false };
        if (_biases.Length == 0 && !penalised && (_banned.Length == 0 || UsesHeap))
        {
            return logits;
        }

        var row = scratch.Row(logits.Length);
        logits.CopyTo(row);
        _penalties?.Apply(row);
        foreach (var (token, bias) in _biases)
        {
            if ((uint)token < (uint)row.Length)
            {
                row[token] += bias;
            }
        }

        foreach (var token in _banned)
        {
            if ((uint)token < (uint)row.Length)
            {
                row[token] = float.NegativeInfinity;
            }
        }

        return row;
    }

    private int DrawFromRow(ReadOnlySpan<float> row, SamplingScratch scratch, RowSplit? split)
    {
        var max = split?.FiniteMax(row) ?? RowKernels.FiniteMax(row);
        if (!float.IsFinite(max))
        {
            return TensorPrimitives.IndexOfMax(row);
        }

        return _options.TopP < 1f ? DrawFromTopP(row, max, scratch, split) : DrawFromCutoff(row, max, scratch, split);
    }

    // Top-p by rejection: a token drawn at temperature from what top-k and min-p keep is in the nucleus exactly when
    // the tokens ranked above it weigh, at temperature 1 among top-k's survivors, less than top_p of their mass (the
    // nucleus is the shortest prefix of the ranking that reaches it). A draw kept only then is a draw from the nucleus,
    // at the cost of one masked sum per draw instead of a search for the nucleus' edge; it is refused with at most the
    // probability outside the nucleus, and after NucleusAttempts refusals the edge is searched for after all.
    private int DrawFromTopP(ReadOnlySpan<float> row, float max, SamplingScratch scratch, RowSplit? split)
    {
        var ranked = TopKCutoff(row, scratch, split);
        var kept = _options.MinP > 0f ? ranked.Tighter(MinPCutoff(max)) : ranked;
        var weights = scratch.Weights(row.Length);
        var sums = scratch.ChunkSums(row.Length);

        // Top-p weighs top-k's survivors at temperature 1. At or below temperature 1 the draw uses those weights too:
        // a token drawn from them is kept with probability exp((logit - max) × (1/T - 1)), at most 1, and the kept
        // ones are drawn at T, so one pass of exponentials serves the draw and top-p's sums. Above 1 that ratio has
        // no bound, and the row is weighed again at T.
        var shared = _options.Temperature <= 1f;
        var cooling = (1.0 / _options.Temperature) - 1.0;
        var checkSums = scratch.NucleusChunkSums(row.Length);
        var topPWeights = shared ? weights : scratch.NucleusWeights(row.Length);
        var mass = Weigh(row, max, 1f, ranked, topPWeights, shared ? sums : checkSums, split);

        // The draw may come from any set holding the nucleus: tokens too light for it (Lightest) and those min-p drops
        // are left out, which on a peaked row spares most of the draw's exponentials. The tokens ranked above a drawn
        // one are never among them, so the shared weights still give top-p's sums.
        var candidates = kept.Tighter(Lightest(row, max, mass));
        if (shared)
        {
            MaskForDraw(row, candidates, weights, sums, split);
        }
        else
        {
            WeighForDraw(row, max, candidates, weights, sums, split);
        }

        for (var attempt = 0; attempt < NucleusAttempts; attempt++)
        {
            var token = DrawWeighed(weights, sums);
            if (shared && cooling > 0 && _random.NextDouble() >= Math.Exp((double)(row[token] - max) * cooling))
            {
                continue;
            }

            var above = new RankCutoff(row[token], token - 1);
            if (SumKept(row, topPWeights, above, checkSums, split) < _options.TopP * mass)
            {
                return token;
            }
        }

        return DrawFromCutoff(row, max, scratch, split);
    }

    // The draw with every cutoff found first (top-p's edge searched for): top-k, top-p and min-p cut the row, the
    // survivors are drawn from.
    private int DrawFromCutoff(ReadOnlySpan<float> row, float max, SamplingScratch scratch, RowSplit? split)
    {
        var cutoff = Truncate(row, max, scratch, split);
        var weights = scratch.Weights(row.Length);
        var sums = scratch.ChunkSums(row.Length);
        if (_options is { TopP: < 1f, Temperature: 1f })
        {
            // Top-p weighed the row at temperature 1 under a looser cutoff (top-k's, or none) into this same buffer:
            // dropping what the final cutoff drops gives the draw's weights without a second pass of exponentials.
            MaskForDraw(row, cutoff, weights, sums, split);
        }
        else
        {
            WeighForDraw(row, max, cutoff, weights, sums, split);
        }

        return DrawWeighed(weights, sums);
    }

    private RankCutoff TopKCutoff(ReadOnlySpan<float> row, SamplingScratch scratch, RowSplit? split) =>
        _options.TopK > 0 && _options.TopK < row.Length ? scratch.Threshold.Find(row, [], RankCutoff.Everything, _options.TopK, split) : RankCutoff.Everything;

    // A token lighter than (1 - top_p) / vocabulary of the mass at temperature 1 is never in the nucleus (all such
    // tokens together weigh less than what top-p leaves out); halved against rounding.
    private RankCutoff Lightest(ReadOnlySpan<float> row, float max, double mass) =>
        RankCutoff.AtLeast(max + (float)Math.Log(0.5 * (1 - _options.TopP) * mass / row.Length));

    private RankCutoff MinPCutoff(float max) => RankCutoff.AtLeast(max + MathF.Log(_options.MinP));

    // The weights at the temperature under the cutoff, their chunk sums into sums.
    private void WeighForDraw(ReadOnlySpan<float> row, float max, RankCutoff cutoff, Span<float> weights, Span<double> sums, RowSplit? split) =>
        Weigh(row, max, 1f / _options.Temperature, cutoff, weights, sums, split);

    // Drops the tokens the cutoff drops from weighed weights, their chunk sums into sums.
    private static void MaskForDraw(ReadOnlySpan<float> row, RankCutoff cutoff, Span<float> weights, Span<double> sums, RowSplit? split)
    {
        if (split is not null)
        {
            split.Mask(row, cutoff, weights, sums);
            return;
        }

        RowKernels.Mask(row, cutoff, weights);
        CumulativeWeights.ChunkSums(weights, sums);
    }

    // The next draw from weighed weights whose chunk sums are sums.
    private int DrawWeighed(ReadOnlySpan<float> weights, ReadOnlySpan<double> sums) =>
        CumulativeWeights.FindCumulative(weights, _random.NextDouble() * CumulativeWeights.Total(sums), sums);

    // The row's weights at a scale under the cutoff, their chunk sums into sums (in the same pass); returns their sum.
    private static double Weigh(ReadOnlySpan<float> row, float max, float scale, RankCutoff cutoff, Span<float> weights, Span<double> sums, RowSplit? split)
    {
        if (split is not null)
        {
            split.Weigh(row, max, scale, cutoff, weights, sums);
        }
        else
        {
            RowKernels.Weigh(row, max, scale, cutoff, weights, sums);
        }

        return CumulativeWeights.Total(sums);
    }

    // The sum of the weights of the tokens the cutoff keeps, their chunk sums into sums.
    private static double SumKept(ReadOnlySpan<float> row, ReadOnlySpan<float> weights, RankCutoff cutoff, Span<double> sums, RowSplit? split)
    {
        if (split is not null)
        {
            split.SumKept(row, weights, cutoff, sums);
        }
        else
        {
            RowKernels.KeptChunkSums(row, weights, cutoff, sums);
        }

        return CumulativeWeights.Total(sums);
    }

    // The k best, best first: top-p over their own probabilities, then min-p, then the draw at temperature.
    private int DrawFromTopK(ReadOnlySpan<float> row)
    {
        _top.Select(row, Math.Min(_options.TopK, row.Length), _banned);
        if (_top.Count == 0)
        {
            return TensorPrimitives.IndexOfMax(row);
        }

        var values = _top.Values;
        var kept = values.Length;
        if (_options.TopP < 1f)
        {
            double mass = 0;
            foreach (var value in values)
            {
                mass += Math.Exp(value - values[0]);
            }

            double cumulative = 0;
            for (var i = 0; i < values.Length; i++)
            {
                cumulative += Math.Exp(values[i] - values[0]) / mass;
                if (cumulative >= _options.TopP)
                {
                    kept = i + 1;
                    break;
                }
            }
        }

        if (_options.MinP > 0f)
        {
            var cut = values[0] + MathF.Log(_options.MinP);
            var above = 1;
            while (above < kept && values[above] >= cut)
            {
                above++;
            }

            kept = above;
        }

        if (_weights.Length < kept)
        {
            _weights = new float[kept];
        }

        var weights = _weights.AsSpan(0, kept);
        RowKernels.Weigh(values[..kept], values[0], 1f / _options.Temperature, RankCutoff.Everything, weights);
        return _top.Tokens[CumulativeWeights.FindCumulative(weights, _random.NextDouble() * CumulativeWeights.Sum(weights))];
    }
}
