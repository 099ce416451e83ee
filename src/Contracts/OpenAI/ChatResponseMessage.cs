namespace Cluster.Contracts.OpenAI;

/// <summary>The assistant message of a chat completion.</summary>
public sealed record ChatResponseMessage
{
    /// <summary>Always "assistant".</summary>
    public string Role { get; init; } = "assistant";

    /// <summary>The generated text.</summary>
    public required string Content { get; init; }
}
