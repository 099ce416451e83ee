using Cluster.Inference.Sampling;

namespace Cluster.Inference.Tests.Sampling;

/// <summary>Sampling as llama.cpp's chain defines it, written the slow and obvious way: sort the whole row, then cut.</summary>
internal static class ReferenceSampling
{
    /// <summary>Rows of a 128k vocabulary: flat (every logit within a few hundredths, as generated weights give), peaked, and tied.</summary>
    public static float[] Row(string shape, int seed)
    {
        var random = new Random(seed);
        var row = new float[128_256];
        for (var token = 0; token < row.Length; token++)
        {
            var noise = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            row[token] = shape switch
            {
                "flat" => noise * 0.02f,
                "peaked" => noise * 2f,
                "tied" => MathF.Round(noise * 4f) / 4f,
                _ => throw new ArgumentOutOfRangeException(nameof(shape)),
            };
        }

        if (shape == "peaked")
        {
            for (var i = 0; i < 8; i++)
            {
                row[random.Next(row.Length)] = 12f + i;
            }
        }

        return row;
    }

    /// <summary>The tokens top-k, top-p and min-p keep, best first (logit descending, token ascending).</summary>
    public static int[] Kept(float[] row, SamplingOptions options)
    {
        var ranked = Enumerable.Range(0, row.Length).Where(token => float.IsFinite(row[token]))
            .OrderByDescending(token => row[token]).ThenBy(token => token).ToArray();
        var kept = options.TopK > 0 ? Math.Min(options.TopK, ranked.Length) : ranked.Length;
        var best = row[ranked[0]];
        if (options.TopP < 1f)
        {
            var mass = ranked.Take(kept).Sum(token => Math.Exp(row[token] - best));
            double cumulative = 0;
            for (var i = 0; i < kept; i++)
            {
                cumulative += Math.Exp(row[ranked[i]] - best) / mass;
                if (cumulative >= options.TopP)
                {
                    kept = i + 1;
                    break;
                }
            }
        }

        if (options.MinP > 0f)
        {
            var cut = best + MathF.Log(options.MinP);
            kept = Math.Max(1, ranked.Take(kept).TakeWhile(token => row[token] >= cut).Count());
        }

        return ranked[..kept];
    }

    /// <summary>
    /// The tokens a seed draws from <paramref name="candidates"/> (in the order their weights are summed) at a temperature:
    /// the first whose running weight exceeds the uniform draw times the total.
    /// </summary>
    public static int[] Draws(float[] row, int[] candidates, float temperature, int seed, int count)
    {
        var random = new Random(seed);
        var draw = Drawer(row, candidates, temperature);
        return [.. Enumerable.Range(0, count).Select(_ => draw(random))];
    }

    /// <summary>
    /// The tokens a seed draws over a whole row: from what top-k and min-p keep (in token order) at the temperature, a
    /// token kept if top-p keeps it and drawn again if not; after eight refusals, from what all three keep. With top-p,
    /// the draw leaves out the tokens lighter than half of (1 - top_p) / vocabulary of top-k's mass at temperature 1,
    /// and below temperature 1 it draws at temperature 1 and keeps a token with probability exp((logit - best) × (1/T - 1))
    /// (a second uniform) before top-p looks at it.
    /// </summary>
    public static int[] WholeRowDraws(float[] row, SamplingOptions options, int seed, int count)
    {
        var candidates = Kept(row, options with { TopP = 1f }).Order().ToArray();
        var best = row.Where(float.IsFinite).Max();
        if (options.TopP < 1f)
        {
            var mass = Kept(row, options with { TopP = 1f, MinP = 0f }).Sum(token => (double)MathF.Exp(row[token] - best));
            var lightest = best + (float)Math.Log(0.5 * (1 - options.TopP) * mass / row.Length);
            candidates = [.. candidates.Where(token => row[token] >= lightest)];
        }

        var kept = Kept(row, options).Order().ToArray();
        var nucleus = kept.ToHashSet();
        var cooling = options.TopP < 1f && options.Temperature < 1f ? (1.0 / options.Temperature) - 1.0 : 0;
        var drawCandidate = Drawer(row, candidates, cooling > 0 ? 1f : options.Temperature);
        var drawKept = Drawer(row, kept, options.Temperature);
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            for (var attempt = 0; attempt < 8; attempt++)
            {
                var token = drawCandidate(random);
                if (cooling > 0 && random.NextDouble() >= Math.Exp((double)(row[token] - best) * cooling))
                {
                    continue;
                }

                if (nucleus.Contains(token))
                {
                    return token;
                }
            }

            return drawKept(random);
        })];
    }

    // The first candidate whose running weight exceeds a uniform draw times the total.
    private static Func<Random, int> Drawer(float[] row, int[] candidates, float temperature)
    {
        var best = candidates.Max(token => row[token]);
        var weights = candidates.Select(token => (double)MathF.Exp((row[token] - best) * (1f / temperature))).ToArray();
        var total = weights.Sum();
        return random =>
        {
            var target = random.NextDouble() * total;
            double cumulative = 0;
            for (var i = 0; i < candidates.Length; i++)
            {
                cumulative += weights[i];
                if (cumulative > target)
                {
                    return candidates[i];
                }
            }

            return candidates[^1];
        };
    }
}
