namespace Cluster.Contracts.OpenAI;

/// <summary>A text completion, whole or as one streamed chunk (OpenAI uses "text_completion" for both).</summary>
public sealed record Completion
{
    /// <summary>"cmpl-…", the same on every chunk of a stream.</summary>
    public required string Id { get; init; }

    /// <summary>Always "text_completion".</summary>
    public string Object { get; init; } = "text_completion";

    /// <summary>Unix seconds.</summary>
    public required long Created { get; init; }

    /// <summary>The model that answered.</summary>
    public required string Model { get; init; }

    /// <summary>The choices (one), or empty on the usage chunk of a stream.</summary>
    public required IReadOnlyList<CompletionChoice> Choices { get; init; }

    /// <summary>Token counts; on a stream only on the usage chunk.</summary>
    public Usage? Usage { get; init; }
}
