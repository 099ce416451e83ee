using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>One choice of a chat completion.</summary>
public sealed record ChatCompletionChoice
{
    /// <summary>The choice index.</summary>
    public int Index { get; init; }

    /// <summary>The assistant's message.</summary>
    public required ChatResponseMessage Message { get; init; }

    /// <summary>Always null (log probabilities are not produced).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public object? Logprobs { get; init; }

    /// <summary>"stop", "length" or "tool_calls".</summary>
    public required string FinishReason { get; init; }
}
