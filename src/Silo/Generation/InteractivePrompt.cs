using System.Text.Json;
using Cluster.Contracts.Interactive;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;
using Cluster.Silo.Images;
using Cluster.Silo.Sessions;

namespace Cluster.Silo.Generation;

/// <summary>
/// Reads the interactive API's prompt: a string is one user message, an array is a list of chat messages (whose user
/// messages may hold image_url parts); LMDeploy's <c>image_url</c> and ms-swift's <c>images</c> add images next to it.
/// </summary>
internal static class InteractivePrompt
{
    private const string Param = "prompt";

    /// <summary>
    /// Returns the first problem as an error, or null with the turns (none for an absent or empty prompt) and the images of
    /// their markers in prompt order.
    /// </summary>
    public static OpenAIErrorResult? TryConvert(InteractiveRequest body, out ChatMessage[] turns, out List<ImageReference> images)
    {
        ArgumentNullException.ThrowIfNull(body);
        var partImages = new List<ImageReference>();
        images = [];
        if (TryConvert(body.Prompt, partImages, out turns) is { } invalidPrompt)
        {
            return invalidPrompt;
        }

        if (TryReadImageUrl(body.ImageUrl, out var loose) is { } invalidImageUrl)
        {
            return invalidImageUrl;
        }

        loose.AddRange(ChatImages.Swift(body.Images));
        if (turns.Length == 0 && loose.Count > 0)
        {
            return OpenAIErrors.InvalidParameter(Param, "prompt is empty but images were sent; send text or messages for them to go with.");
        }

        images = ChatImages.Arrange(turns, partImages, loose);
        return null;
    }

    private static OpenAIErrorResult? TryConvert(JsonElement? prompt, List<ImageReference> images, out ChatMessage[] turns)
    {
        turns = [];
        switch (prompt)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } text when text.GetString()!.Contains(ChatImages.Marker, StringComparison.Ordinal):
                return OpenAIErrors.InvalidParameter(Param, $"prompt holds '{ChatImages.Marker}', which this server reserves for images; remove it.");
            case { ValueKind: JsonValueKind.String } text:
                var content = text.GetString()!;
                turns = content.Length == 0 ? [] : [new ChatMessage("user", content)];
                return null;
            case { ValueKind: JsonValueKind.Array } array when array.GetArrayLength() == 0:
                return null;
            case { ValueKind: JsonValueKind.Array } array:
                try
                {
                    return ChatPrompt.TryConvert(array.Deserialize(SessionJson.Context.IReadOnlyListChatRequestMessage), images, out turns, Param);
                }
                catch (JsonException)
                {
                    return OpenAIErrors.InvalidParameter(Param, "prompt holds something other than chat messages; send a string or a list of {\"role\",\"content\"} messages.");
                }

            default:
                return OpenAIErrors.InvalidParameter(Param, "prompt must be a string or a list of chat messages.");
        }
    }

    // LMDeploy's image_url: one URL or a list of URLs.
    private static OpenAIErrorResult? TryReadImageUrl(JsonElement? imageUrl, out List<ImageReference> images)
    {
        images = [];
        switch (imageUrl)
        {
            case null or { ValueKind: JsonValueKind.Null }:
                return null;
            case { ValueKind: JsonValueKind.String } url when url.GetString() is { Length: > 0 } source:
                images.Add(new ImageReference(source, "image_url"));
                return null;
            case { ValueKind: JsonValueKind.Array } list when list.EnumerateArray().All(url => url.ValueKind == JsonValueKind.String && url.GetString()!.Length > 0):
                images.AddRange(list.EnumerateArray().Select((url, i) => new ImageReference(url.GetString()!, $"image_url[{i}]")));
                return null;
            default:
                return OpenAIErrors.InvalidParameter("image_url", "image_url must be an image URL (http(s) or data:) or a list of them.");
        }
    }
}
