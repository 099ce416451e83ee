namespace Cluster.Contracts.OpenAI;

/// <summary>The answer of a non-streaming chat completion.</summary>
public sealed record ChatCompletion
{
    /// <summary>"chatcmpl-…".</summary>
    public required string Id { get; init; }

    /// <summary>Always "chat.completion".</summary>
    public string Object { get; init; } = "chat.completion";

    /// <summary>Unix seconds.</summary>
    public required long Created { get; init; }

    /// <summary>The model that answered.</summary>
    public required string Model { get; init; }

    /// <summary>The choices (one).</summary>
    public required IReadOnlyList<ChatCompletionChoice> Choices { get; init; }

    /// <summary>Token counts.</summary>
    public required Usage Usage { get; init; }
}
