namespace Cluster.Inference.Sampling;

/// <summary>
/// The last tokens drawn and how often each occurs, and the repetition, frequency and presence penalties they bring,
/// with llama.cpp's arithmetic (llama_sampler_penalties): a repeated token's logit is divided by the repetition
/// penalty when positive and multiplied by it otherwise, then lowered by count × frequency + presence.
/// </summary>
/// <remarks>Owned by one sequence's sampler; not thread-safe.</remarks>
internal sealed class PenaltyHistory(SamplingOptions options)
{
    private readonly Queue<int> _recent = new();
    private readonly Dictionary<int, int> _counts = [];

    /// <summary>Whether no token is penalised yet.</summary>
    public bool IsEmpty => _counts.Count == 0;

    /// <summary>Records a drawn token; the oldest leaves once <see cref="SamplingOptions.PenaltyLastN"/> are held (-1 holds them all).</summary>
    public void Accept(int token)
    {
        if (options.PenaltyLastN == 0)
        {
            return;
        }

        _counts[token] = _counts.GetValueOrDefault(token) + 1;
        _recent.Enqueue(token);
        if (options.PenaltyLastN > 0 && _recent.Count > options.PenaltyLastN)
        {
            var oldest = _recent.Dequeue();
            if (--_counts[oldest] == 0)
            {
                _counts.Remove(oldest);
            }
        }
    }

    /// <summary>Lowers the logits of the recorded tokens in <paramref name="row"/>.</summary>
    public void Apply(Span<float> row)
    {
        foreach (var (token, count) in _counts)
        {
            if ((uint)token >= (uint)row.Length)
            {
                continue;
            }

            var logit = row[token];
            logit = logit <= 0 ? logit * options.RepetitionPenalty : logit / options.RepetitionPenalty;
            row[token] = logit - ((count * options.FrequencyPenalty) + options.PresencePenalty);
        }
    }

    /// <summary>Forgets every token.</summary>
    public void Clear()
    {
        _recent.Clear();
        _counts.Clear();
    }
}
