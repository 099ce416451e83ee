namespace Cluster.Contracts.OpenAI;

/// <summary>One server-sent event of a streaming chat completion.</summary>
public sealed record ChatCompletionChunk
{
    /// <summary>"chatcmpl-…", the same on every chunk of a stream.</summary>
    public required string Id { get; init; }

    /// <summary>Always "chat.completion.chunk".</summary>
    public string Object { get; init; } = "chat.completion.chunk";

    /// <summary>Unix seconds, the same on every chunk of a stream.</summary>
    public required long Created { get; init; }

    /// <summary>The model that answers.</summary>
    public required string Model { get; init; }

    /// <summary>The delta (one), or empty on the usage chunk.</summary>
    public required IReadOnlyList<ChatCompletionChunkChoice> Choices { get; init; }

    /// <summary>Token counts, on the last chunk only when stream_options.include_usage is set.</summary>
    public Usage? Usage { get; init; }
}
