using System.Numerics.Tensors;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;

namespace Cluster.Inference.Sampling;

/// <summary>Log probabilities from a logits row: a log-softmax for the drawn token and the <c>top</c> best alternatives, in one pass each.</summary>
public static class LogProbCapture
{
    /// <summary>The most alternatives OpenAI lets a request ask for.</summary>
    public const int MaxTop = 20;

    /// <summary>The log probability of <paramref name="token"/> in <paramref name="logits"/> and the <paramref name="top"/> most likely tokens.</summary>
    public static TokenLogProb Capture(ReadOnlySpan<float> logits, LlamaToken token, int top)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(top);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(top, MaxTop);
        var max = TensorPrimitives.Max(logits);
        var sum = 0.0;
        foreach (var logit in logits)
        {
            sum += Math.Exp(logit - max);
        }

        var logNormalizer = max + (float)Math.Log(sum);
        return new TokenLogProb(token, logits[token.Value] - logNormalizer, Best(logits, top, logNormalizer));
    }

    // Keeps the best so far in descending order; a logit at or below the current last is skipped with one compare.
    private static (LlamaToken, float)[] Best(ReadOnlySpan<float> logits, int top, float logNormalizer)
    {
        if (top == 0)
        {
            return [];
        }

        var tokens = new int[top];
        var values = new float[top];
        values.AsSpan().Fill(float.NegativeInfinity);
        tokens.AsSpan().Fill(-1);
        for (var i = 0; i < logits.Length; i++)
        {
            var logit = logits[i];
            if (!(logit > values[top - 1]))
            {
                continue;
            }

            var at = top - 1;
            while (at > 0 && logit > values[at - 1])
            {
                values[at] = values[at - 1];
                tokens[at] = tokens[at - 1];
                at--;
            }

            values[at] = logit;
            tokens[at] = i;
        }

        var found = Array.IndexOf(tokens, -1) is var end and >= 0 ? end : top;
        return [.. Enumerable.Range(0, found).Select(i => (new LlamaToken(tokens[i]), values[i] - logNormalizer))];
    }
}
