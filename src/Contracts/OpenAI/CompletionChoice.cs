using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>One choice of a text completion.</summary>
public sealed record CompletionChoice
{
    /// <summary>The generated text (or the new text of a chunk).</summary>
    public required string Text { get; init; }

    /// <summary>The choice index.</summary>
    public int Index { get; init; }

    /// <summary>Always null (log probabilities are not produced).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? Logprobs { get; init; }

    /// <summary>"stop" or "length"; null on chunks before the last.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
