using System.Text;
using System.Text.Json;
using Cluster.Contracts.OpenAI;

namespace Cluster.Gateway.Errors;

/// <summary>The one place HTTP errors leave the gateway: the OpenAI shape {"error":{"message","type","param","code"}}.</summary>
internal static class OpenAIErrors
{
    /// <summary>Writes an error response unless the response has started.</summary>
    public static async Task WriteAsync(HttpContext context, int status, string type, string message, string? code = null, string? param = null, TimeSpan? retryAfter = null)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return;
        }

        response.StatusCode = status;
        response.ContentType = "application/json";
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await response.Body.WriteAsync(Serialize(type, message, code, param), context.RequestAborted);
    }

    /// <summary>The error body as UTF-8 JSON.</summary>
    public static byte[] Serialize(string type, string message, string? code, string? param) => JsonSerializer.SerializeToUtf8Bytes(
        new ErrorResponse { Error = new ErrorDetail { Message = message, Type = type, Code = code, Param = param } },
        OpenAIJsonContext.Default.ErrorResponse);

    /// <summary>An SSE event carrying an error, ending a stream that was cut midway.</summary>
    public static byte[] SseEvent(string message, string code)
    {
        var json = Encoding.UTF8.GetString(Serialize(OpenAIErrorTypes.Server, message, code, null));
        return Encoding.UTF8.GetBytes($"data: {json}\n\n");
    }

    /// <summary>An NDJSON line carrying an error, ending an interactive stream that was cut midway.</summary>
    public static byte[] NdjsonLine(string message, string code)
    {
        var json = Encoding.UTF8.GetString(Serialize(OpenAIErrorTypes.Server, message, code, null));
        return Encoding.UTF8.GetBytes(json + "\n");
    }
}
