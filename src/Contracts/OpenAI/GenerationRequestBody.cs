using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>The fields chat and text completion requests share: model, sampling, limits, stop strings and streaming.</summary>
public abstract record GenerationRequestBody
{
    /// <summary>The model id; when absent, the only model served (LMDeploy's client names none on some calls).</summary>
    public string? Model { get; init; }

    /// <summary>Sampling temperature, 0 to 2; 0 is greedy.</summary>
    public float? Temperature { get; init; }

    /// <summary>Nucleus probability mass, greater than 0 and at most 1.</summary>
    public float? TopP { get; init; }

    /// <summary>Keep only the k most likely tokens; 0 disables it (extension).</summary>
    public int? TopK { get; init; }

    /// <summary>Drop tokens below min_p times the top probability (extension).</summary>
    public float? MinP { get; init; }

    /// <summary>Presence penalty, -2 to 2.</summary>
    public float? PresencePenalty { get; init; }

    /// <summary>Frequency penalty, -2 to 2.</summary>
    public float? FrequencyPenalty { get; init; }

    /// <summary>Repetition penalty; 1 is off (extension).</summary>
    public float? RepetitionPenalty { get; init; }

    /// <summary>Token id (as a string) → bias added to its logit, -100 to 100; -100 bans the token.</summary>
    public IReadOnlyDictionary<string, float>? LogitBias { get; init; }

    /// <summary>Most tokens to generate.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Number of choices; only 1 is supported.</summary>
    public int? N { get; init; }

    /// <summary>Seed of the random draw; the same seed gives the same output.</summary>
    public long? Seed { get; init; }

    /// <summary>Up to four strings that end generation (a string or a list on the wire; false or null for none).</summary>
    [JsonConverter(typeof(StopSequencesConverter))]
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>An end-user id, for abuse monitoring.</summary>
    public string? User { get; init; }

    /// <summary>Whether to stream the answer as server-sent events.</summary>
    public bool? Stream { get; init; }

    /// <summary>Streaming options; only with stream set.</summary>
    public StreamOptions? StreamOptions { get; init; }

    /// <summary>The answer's format: text, any JSON object, or values of a JSON schema (chat; on text completions an extension).</summary>
    public ChatResponseFormat? ResponseFormat { get; init; }

    /// <summary>Never stop on end-of-generation tokens (extension).</summary>
    public bool? IgnoreEos { get; init; }
}
