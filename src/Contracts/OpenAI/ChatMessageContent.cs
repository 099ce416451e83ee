using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>Message content: a plain string or a list of typed parts.</summary>
[JsonConverter(typeof(ChatMessageContentConverter))]
public sealed record ChatMessageContent
{
    /// <summary>The content when it was sent as a string.</summary>
    public string? Text { get; init; }

    /// <summary>The content when it was sent as a list of parts.</summary>
    public IReadOnlyList<ChatContentPart>? Parts { get; init; }

    /// <summary>Content sent as a string.</summary>
    public static ChatMessageContent FromText(string text) => new() { Text = text };

    /// <summary>Content sent as parts.</summary>
    public static ChatMessageContent FromParts(IReadOnlyList<ChatContentPart> parts) => new() { Parts = parts };
}
