namespace Cluster.Contracts.OpenAI;

/// <summary>The message delta of a chunk: the role on the first, text on the following ones.</summary>
public sealed record ChatCompletionDelta
{
    /// <summary>"assistant" on the first chunk, absent later.</summary>
    public string? Role { get; init; }

    /// <summary>New text, absent when the chunk carries none.</summary>
    public string? Content { get; init; }

    /// <summary>Pieces of the tool calls, when the answer calls functions.</summary>
    public IReadOnlyList<ChatToolCallDelta>? ToolCalls { get; init; }
}
