using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>One choice of a text completion.</summary>
public sealed record CompletionChoice
{
    /// <summary>The generated text (or the new text of a chunk).</summary>
    public required string Text { get; init; }

    /// <summary>The choice index.</summary>
    public int Index { get; init; }

    /// <summary>The tokens' log probabilities when logprobs was asked for, else null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public CompletionLogProbs? Logprobs { get; init; }

    /// <summary>"stop" or "length"; null on chunks before the last.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
