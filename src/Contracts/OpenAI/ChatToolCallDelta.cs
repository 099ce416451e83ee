namespace Cluster.Contracts.OpenAI;

/// <summary>A piece of a tool call in a streamed chunk: the first carries id, type and name; later ones add to the arguments.</summary>
public sealed record ChatToolCallDelta
{
    /// <summary>Which call of the answer this piece belongs to.</summary>
    public int Index { get; init; }

    /// <summary>The call's id, on its first piece.</summary>
    public string? Id { get; init; }

    /// <summary>"function", on its first piece.</summary>
    public string? Type { get; init; }

    /// <summary>The name (first piece) or more of the arguments text.</summary>
    public required ChatFunctionCall Function { get; init; }
}
