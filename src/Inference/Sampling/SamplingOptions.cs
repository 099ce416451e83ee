namespace Cluster.Inference.Sampling;

/// <summary>How the next token is chosen; defaults follow OpenAI (temperature 1, top_p 1, no penalties).</summary>
public sealed record SamplingOptions
{
    /// <summary>Greedy decoding: the argmax of the logits at every step.</summary>
    public static readonly SamplingOptions Greedy = new() { Temperature = 0 };

    /// <summary>Temperature; 0 means greedy.</summary>
    public float Temperature { get; init; } = 1f;

    /// <summary>Nucleus probability mass; 1 disables it.</summary>
    public float TopP { get; init; } = 1f;

    /// <summary>Keep only the k most likely tokens; 0 disables it.</summary>
    public int TopK { get; init; }

    /// <summary>Drop tokens below min_p times the top probability; 0 disables it.</summary>
    public float MinP { get; init; }

    /// <summary>Seed of the random draw; null picks a random seed.</summary>
    public uint? Seed { get; init; }

    /// <summary>OpenAI presence penalty (-2..2).</summary>
    public float PresencePenalty { get; init; }

    /// <summary>OpenAI frequency penalty (-2..2).</summary>
    public float FrequencyPenalty { get; init; }

    /// <summary>Repetition penalty (1 = off), as in llama.cpp and vLLM.</summary>
    public float RepetitionPenalty { get; init; } = 1f;

    /// <summary>How many recent tokens the penalties look at; -1 means the whole context.</summary>
    public int PenaltyLastN { get; init; } = 64;

    /// <summary>Added to the logits of the given tokens before truncation (OpenAI logit_bias, -100 to 100); null adds nothing.</summary>
    public IReadOnlyDictionary<int, float>? LogitBias { get; init; }

    /// <summary>Whether any penalty is active.</summary>
    public bool HasPenalties => PresencePenalty != 0 || FrequencyPenalty != 0 || RepetitionPenalty != 1f;

    /// <summary>Whether decoding is greedy.</summary>
    public bool IsGreedy => Temperature <= 0;

    /// <summary>Checks the ranges; returns the name of the first invalid parameter and why, or null if all are valid.</summary>
    public (string Parameter, string Message)? Validate() => this switch
    {
        { Temperature: < 0 or > 2 or float.NaN } => ("temperature", "temperature must be between 0 and 2"),
        { TopP: <= 0 or > 1 or float.NaN } => ("top_p", "top_p must be greater than 0 and at most 1"),
        { TopK: < 0 } => ("top_k", "top_k must be 0 (off) or positive"),
        { MinP: < 0 or > 1 or float.NaN } => ("min_p", "min_p must be between 0 and 1"),
        { PresencePenalty: < -2 or > 2 or float.NaN } => ("presence_penalty", "presence_penalty must be between -2 and 2"),
        { FrequencyPenalty: < -2 or > 2 or float.NaN } => ("frequency_penalty", "frequency_penalty must be between -2 and 2"),
        { RepetitionPenalty: <= 0 or float.NaN } => ("repetition_penalty", "repetition_penalty must be positive (1 is off)"),
        { LogitBias: { } biases } when biases.Any(bias => bias.Key < 0) => ("logit_bias", "logit_bias keys must be token ids (non-negative integers)"),
        { LogitBias: { } biases } when biases.Any(bias => bias.Value is < -100 or > 100 or float.NaN) =>
            ("logit_bias", "logit_bias values must be between -100 and 100"),
        _ => null,
    };
}
