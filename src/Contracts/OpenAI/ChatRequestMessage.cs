namespace Cluster.Contracts.OpenAI;

/// <summary>One message of a chat request.</summary>
public sealed record ChatRequestMessage
{
    /// <summary>"system", "developer", "user", "assistant" or "tool".</summary>
    public string? Role { get; init; }

    /// <summary>The text, or a list of content parts.</summary>
    public ChatMessageContent? Content { get; init; }

    /// <summary>An optional participant name.</summary>
    public string? Name { get; init; }

    /// <summary>On an assistant message: the calls it made (its content may then be null).</summary>
    public IReadOnlyList<ChatToolCall>? ToolCalls { get; init; }

    /// <summary>On a tool message: the id of the call it answers (required there).</summary>
    public string? ToolCallId { get; init; }
}
