using System.Text.Json;

namespace Cluster.Contracts.OpenAI;

/// <summary>One part of a message's content: {"type":"text","text":…} or another type such as image_url.</summary>
public sealed record ChatContentPart
{
    /// <summary>The part type: "text", "image_url", …</summary>
    public string? Type { get; init; }

    /// <summary>The text of a "text" part.</summary>
    public string? Text { get; init; }

    /// <summary>The image of an "image_url" part, kept as sent.</summary>
    public JsonElement? ImageUrl { get; init; }
}
