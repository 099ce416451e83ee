namespace Cluster.Contracts.OpenAI;

/// <summary>One message of a chat request.</summary>
public sealed record ChatRequestMessage
{
    /// <summary>"system", "developer", "user" or "assistant".</summary>
    public string? Role { get; init; }

    /// <summary>The text, or a list of content parts.</summary>
    public ChatMessageContent? Content { get; init; }

    /// <summary>An optional participant name.</summary>
    public string? Name { get; init; }
}
