using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>The assistant message of a chat completion.</summary>
public sealed record ChatResponseMessage
{
    /// <summary>Always "assistant".</summary>
    public string Role { get; init; } = "assistant";

    /// <summary>The generated text; null when the answer is tool calls.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public required string? Content { get; init; }

    /// <summary>The functions the answer calls, if it calls any.</summary>
    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }
}
