using Cluster.Contracts.OpenAI;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;
using Cluster.Silo.Tools;

namespace Cluster.Silo.Generation;

/// <summary>Checks chat messages and renders them with the model's chat template, ending with the assistant header.</summary>
internal static class ChatPrompt
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool"];

    /// <summary>Checks text-only messages; returns the first problem as an error (naming <paramref name="param"/>), or null with the turns in <paramref name="turns"/>.</summary>
    public static OpenAIErrorResult? TryConvert(IReadOnlyList<ChatRequestMessage>? messages, out ChatMessage[] turns, string param = "messages") =>
        TryConvert(messages, null, out turns, param);

    /// <summary>
    /// Checks messages that may hold images: each image_url part becomes <see cref="ChatImages.Marker"/> in its message's
    /// text and its URL is added to <paramref name="images"/> in order. With <paramref name="images"/> null, image parts are refused.
    /// </summary>
    public static OpenAIErrorResult? TryConvert(IReadOnlyList<ChatRequestMessage>? messages, List<Images.ImageReference>? images, out ChatMessage[] turns, string param = "messages")
    {
        turns = [];
        if (messages is null)
        {
            return OpenAIErrors.MissingParameter(param);
        }

        if (messages.Count == 0)
        {
            return OpenAIErrors.InvalidParameter(param, $"{param} is empty; send at least one message.");
        }

        var converted = new ChatMessage[messages.Count];
        for (var i = 0; i < messages.Count; i++)
        {
            if (TryConvert(messages[i], $"{param}[{i}]", images, out converted[i]) is { } error)
            {
                return error;
            }
        }

        if (images is not null && converted.Sum(turn => turn.Content.Split(ChatImages.Marker).Length - 1) != images.Count)
        {
            return OpenAIErrors.InvalidParameter(param, $"The text of {param} holds '{ChatImages.Marker}', which this server reserves for images; remove it.");
        }

        turns = converted;
        return null;
    }

    /// <summary>Renders the turns with the model's template; returns an error if it has none llama.cpp can render.</summary>
    public static OpenAIErrorResult? TryRender(ChatMessage[] turns, ChatTemplate? template, string modelId, out RenderedChat prompt)
    {
        prompt = null!;
        if (template is null)
        {
            return OpenAIErrors.InvalidParameter("messages", $"The model '{modelId}' has no chat template; use /v1/completions with a prompt.");
        }

        try
        {
            prompt = template.Render(turns, addAssistant: true);
            return null;
        }
        catch (NotSupportedException)
        {
            return OpenAIErrors.InvalidParameter("messages", $"The chat template of model '{modelId}' is not one llama.cpp can render; use /v1/completions with a prompt.");
        }
    }

    private static OpenAIErrorResult? TryConvert(ChatRequestMessage message, string key, List<Images.ImageReference>? images, out ChatMessage turn)
    {
        turn = null!;
        if (message.Role is null)
        {
            return OpenAIErrors.MissingParameter($"{key}.role");
        }

        if (!Roles.Contains(message.Role, StringComparer.Ordinal))
        {
            return OpenAIErrors.InvalidParameter($"{key}.role",
                $"Invalid value: '{message.Role}'. Supported values are: 'system', 'developer', 'user', 'assistant' and 'tool'.");
        }

        if (message.Role == "tool" && string.IsNullOrEmpty(message.ToolCallId))
        {
            return OpenAIErrors.MissingParameter($"{key}.tool_call_id");
        }

        if (message.Role == "assistant" && message.ToolCalls is { Count: > 0 } calls)
        {
            // The calls are rendered as the model is asked to write them, after any text.
            if ((message.Content is null ? null : TryText(message.Content, key, null, out _)) is { } invalidContent)
            {
                return invalidContent;
            }

            if (calls.Select((call, j) => call.Function?.Name is { Length: > 0 } ? null : $"{key}.tool_calls[{j}].function.name").FirstOrDefault(p => p is not null) is { } missing)
            {
                return OpenAIErrors.MissingParameter(missing);
            }

            _ = TryText(message.Content ?? ChatMessageContent.FromText(string.Empty), key, null, out var said);
            turn = new ChatMessage("assistant", ToolCallText.Format(said, calls));
            return null;
        }

        if (TryText(message.Content, key, message.Role == "user" ? images : null, out var text) is { } error)
        {
            return error;
        }

        // Llama-style templates know no "developer" role; it is OpenAI's new name for "system".
        turn = new ChatMessage(message.Role == "developer" ? "system" : message.Role, text);
        return null;
    }

    private static OpenAIErrorResult? TryText(ChatMessageContent? content, string key, List<Images.ImageReference>? images, out string text)
    {
        text = string.Empty;
        if (content is null)
        {
            return OpenAIErrors.MissingParameter($"{key}.content");
        }

        if (content.Parts is null)
        {
            text = content.Text ?? string.Empty;
            return null;
        }

        var texts = new List<string>(content.Parts.Count);
        for (var j = 0; j < content.Parts.Count; j++)
        {
            var part = content.Parts[j];
            switch (part.Type)
            {
                case "text" when part.Text is not null:
                    texts.Add(part.Text);
                    break;
                case "text":
                    return OpenAIErrors.MissingParameter($"{key}.content[{j}].text");
                case "image_url" when images is null:
                    return OpenAIErrors.InvalidParameter($"{key}.content", "Images are accepted only in user messages; send text content here.", "image_content_not_supported");
                case "image_url" when ChatImages.UrlOf(part.ImageUrl) is { Length: > 0 } url:
                    texts.Add(ChatImages.Marker);
                    images.Add(new Images.ImageReference(url, $"{key}.content[{j}].image_url"));
                    break;
                case "image_url":
                    return OpenAIErrors.MissingParameter($"{key}.content[{j}].image_url.url");
                case null:
                    return OpenAIErrors.MissingParameter($"{key}.content[{j}].type");
                default:
                    return OpenAIErrors.InvalidParameter($"{key}.content[{j}].type", $"Content parts of type '{part.Type}' are not supported; send 'text' parts only.");
            }
        }

        text = string.Join('\n', texts);
        return null;
    }
}
