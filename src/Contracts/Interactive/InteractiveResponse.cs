using System.Text.Json.Serialization;

namespace Cluster.Contracts.Interactive;

/// <summary>The answer of POST /v1/chat/interactive, or one NDJSON line of it when streaming.</summary>
public sealed record InteractiveResponse
{
    /// <summary>The text (when streaming, the text new in this line).</summary>
    public required string Text { get; init; }

    /// <summary>Tokens generated so far (on the last line and in a whole answer: all of them).</summary>
    public required int Tokens { get; init; }

    /// <summary>Prompt tokens this turn added after the history; on the last line only when streaming.</summary>
    public int? InputTokens { get; init; }

    /// <summary>Tokens of history the turn continued from; on the last line only when streaming.</summary>
    public int? HistoryTokens { get; init; }

    /// <summary>"stop", "length", "abort" (the turn was cancelled) or "end" (the session ended); null until the last line.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }

    /// <summary>The session, as the client named it or as the server assigned it.</summary>
    public required InteractiveSessionId SessionId { get; init; }
}
