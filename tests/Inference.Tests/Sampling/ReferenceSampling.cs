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
        var best = candidates.Max(token => row[token]);
        var weights = candidates.Select(token => (double)MathF.Exp((row[token] - best) * (1f / temperature))).ToArray();
        var total = weights.Sum();
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
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
        })];
    }
}
