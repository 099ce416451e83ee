namespace Cluster.Contracts.OpenAI;

/// <summary>A function call the assistant made: in an answer, or in an assistant message of the history.</summary>
public sealed record ChatToolCall
{
    /// <summary>The call's id, which the tool message answering it repeats.</summary>
    public string? Id { get; init; }

    /// <summary>Always "function".</summary>
    public string? Type { get; init; } = "function";

    /// <summary>The function and its arguments.</summary>
    public ChatFunctionCall? Function { get; init; }
}
