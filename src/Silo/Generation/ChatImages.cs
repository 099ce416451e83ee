using System.Text.Json;
using Cluster.Inference.Text;
using Cluster.Silo.Images;

namespace Cluster.Silo.Generation;

/// <summary>Where a chat's images go in its prompt: OpenAI image_url parts and ms-swift's <c>images</c> with <c>&lt;image&gt;</c> tags.</summary>
internal static class ChatImages
{
    /// <summary>The marker a rendered prompt carries for each image (libmtmd's default media marker).</summary>
    public const string Marker = "<__media__>";

    /// <summary>ms-swift's image tag in message text.</summary>
    public const string SwiftTag = "<image>";

    /// <summary>The URL of an image_url value: <c>{"url": …}</c> or, as some clients send it, the URL string itself; null when absent.</summary>
    public static string? UrlOf(JsonElement? imageUrl) => imageUrl switch
    {
        { ValueKind: JsonValueKind.String } url => url.GetString(),
        { ValueKind: JsonValueKind.Object } value when value.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String => url.GetString(),
        _ => null,
    };

    /// <summary>
    /// Adds ms-swift's <paramref name="swiftImages"/> to the turns: each <c>&lt;image&gt;</c> tag in a user message becomes a
    /// marker and takes the next image; images left over go before the first user message's text. Returns the images of
    /// every marker in prompt order (image_url parts, already markers, keep their place).
    /// </summary>
    public static List<ImageReference> Arrange(ChatMessage[] turns, IReadOnlyList<ImageReference> partImages, IReadOnlyList<ImageReference>? swiftImages)
    {
        ArgumentNullException.ThrowIfNull(turns);
        var swift = swiftImages ?? [];
        var tags = swift.Count == 0 ? 0 : turns.Where(turn => turn.Role == "user").Sum(turn => Count(turn.Content, SwiftTag));
        var extra = Math.Max(0, swift.Count - tags);
        var ordered = new List<ImageReference>(partImages.Count + swift.Count);
        var nextPart = 0;
        var nextSwift = extra;
        var firstUser = true;
        for (var i = 0; i < turns.Length; i++)
        {
            if (turns[i].Role != "user")
            {
                continue;
            }

            var text = turns[i].Content;
            var output = new System.Text.StringBuilder(text.Length);
            if (firstUser && extra > 0)
            {
                output.Insert(0, Marker + "\n", extra);
                ordered.AddRange(swift.Take(extra));
            }

            firstUser = false;
            var at = 0;
            while (at < text.Length)
            {
                if (string.CompareOrdinal(text, at, Marker, 0, Marker.Length) == 0)
                {
                    ordered.Add(partImages[nextPart++]);
                    output.Append(Marker);
                    at += Marker.Length;
                }
                else if (swift.Count > 0 && nextSwift < swift.Count && string.CompareOrdinal(text, at, SwiftTag, 0, SwiftTag.Length) == 0)
                {
                    ordered.Add(swift[nextSwift]);
                    nextSwift++;
                    output.Append(Marker);
                    at += SwiftTag.Length;
                }
                else
                {
                    output.Append(text[at++]);
                }
            }

            turns[i] = turns[i] with { Content = output.ToString() };
        }

        return ordered;
    }

    /// <summary>ms-swift's <c>images</c> as references naming their place in the request.</summary>
    public static IReadOnlyList<ImageReference> Swift(IReadOnlyList<string>? images) =>
        [.. (images ?? []).Select((source, i) => new ImageReference(source, $"images[{i}]"))];

    private static int Count(string text, string tag)
    {
        var count = 0;
        for (var at = text.IndexOf(tag, StringComparison.Ordinal); at >= 0; at = text.IndexOf(tag, at + tag.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
