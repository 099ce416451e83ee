using System.Text.Json;
using Cluster.Contracts.OpenAI;
using Microsoft.AspNetCore.WebUtilities;

namespace Cluster.Gateway.Nodes;

/// <summary>
/// An external node's error body read into the OpenAI shape: OpenAI's own and llama-server's <c>{"error":{…}}</c> (whose
/// code is a number), vLLM's and LMDeploy's flat <c>{"object":"error","message",…}</c>, FastAPI's <c>{"detail":…}</c>,
/// LMDeploy's <c>{"error_code","text"}</c>, or plain text; the status stays the node's.
/// </summary>
internal static class UpstreamError
{
    private const int MaxMessageChars = 1000;

    /// <summary>The error's type, message, code and param for <paramref name="status"/> and the node's <paramref name="body"/>.</summary>
    public static ErrorDetail Read(int status, string body, string nodeUrl)
    {
        var fallbackType = status == StatusCodes.Status429TooManyRequests ? OpenAIErrorTypes.RateLimit
            : status >= 500 ? OpenAIErrorTypes.Server : OpenAIErrorTypes.InvalidRequest;
        JsonElement? root = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the message.
        }

        var error = root is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("error", out var inner) && inner.ValueKind == JsonValueKind.Object ? inner : root;
        var message = Text(error, "message") ?? Text(error, "detail") ?? Text(error, "text") ?? Text(error, "error")
            ?? (root is null && body.Trim() is { Length: > 0 } text ? text : null)
            ?? ReasonPhrases.GetReasonPhrase(status);
        var type = Text(error, "type") is OpenAIErrorTypes.InvalidRequest or OpenAIErrorTypes.RateLimit or OpenAIErrorTypes.Server or "authentication_error" or "permission_error" or "not_found_error"
            ? Text(error, "type")!
            : fallbackType;
        return new ErrorDetail
        {
            Message = $"{Shorten(message)} (from external node {nodeUrl})",
            Type = type,
            Param = Text(error, "param"),
            Code = Text(error, "code") ?? (status == StatusCodes.Status404NotFound && message.Contains("model", StringComparison.OrdinalIgnoreCase) ? "model_not_found" : null),
        };
    }

    /// <summary>A member as text: strings as they are, other JSON (e.g. FastAPI's detail list) as JSON; null when absent or null.</summary>
    private static string? Text(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.Number => null,
                _ => value.GetRawText(),
            }
            : null;

    private static string Shorten(string message) => message.Length <= MaxMessageChars ? message : message[..MaxMessageChars] + "…";
}
