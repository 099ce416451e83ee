using System.Text.Json;

namespace Cluster.Gateway.Errors;

/// <summary>Reads the code of an OpenAI-shaped error body, {"error":{"code":"…"}}, as silos send it.</summary>
internal static class OpenAIErrorCode
{
    /// <summary>The error's code, or null when the body is not an OpenAI error with a string code.</summary>
    public static string? Of(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.String
                ? code.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
