using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>One choice of a chat completion.</summary>
public sealed record ChatCompletionChoice
{
    /// <summary>The choice index.</summary>
    public int Index { get; init; }

    /// <summary>The assistant's message.</summary>
    public required ChatResponseMessage Message { get; init; }

    /// <summary>The tokens' log probabilities when logprobs was asked for, else null.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public ChatLogProbs? Logprobs { get; init; }

    /// <summary>"stop", "length" or "tool_calls".</summary>
    public required string FinishReason { get; init; }
}
