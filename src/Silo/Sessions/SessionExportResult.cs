using System.Text.Json;
using Cluster.Grains.Sessions;
using Cluster.Inference.Text;

namespace Cluster.Silo.Sessions;

/// <summary>
/// Writes a <see cref="SessionExport"/> as JSON (what <see cref="SessionJsonContext"/> reads back), with the KV bytes as
/// base64 written and flushed in segments: a whole KV can exceed what one JSON token may hold and need not sit in memory twice.
/// </summary>
internal sealed class SessionExportResult(SessionExport export) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    private const int SegmentBytes = 3 << 20;

    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/json";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        var body = response.BodyWriter;
        var aborted = httpContext.RequestAborted;
        using var json = new Utf8JsonWriter(body);
        WriteHead(json, export);
        json.WritePropertyName("kv_state");
        var kv = export.KvState;
        for (var offset = 0; offset < kv.Length || offset == 0; offset += SegmentBytes)
        {
            var length = Math.Min(SegmentBytes, kv.Length - offset);
            json.WriteBase64StringSegment(kv.AsSpan(offset, length), isFinalSegment: offset + length == kv.Length);
            json.Flush();
            await body.FlushAsync(aborted).ConfigureAwait(false);
        }

        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(aborted).ConfigureAwait(false);
    }

    private static void WriteHead(Utf8JsonWriter json, SessionExport export)
    {
        json.WriteStartObject();
        json.WriteNumber("version", export.Version);
        json.WriteString("session_id", export.SessionId);
        json.WriteString("model_id", export.ModelId);
        json.WriteString("model_fingerprint", export.ModelFingerprint);
        json.WritePropertyName("messages");
        json.WriteStartArray();
        foreach (var message in export.Messages)
        {
            WriteMessage(json, message);
        }

        json.WriteEndArray();
        WriteTokens(json, "history_tokens", export.HistoryTokens);
        WriteTokens(json, "kv_tokens", export.KvTokens);
    }

    private static void WriteMessage(Utf8JsonWriter json, ChatMessage message)
    {
        json.WriteStartObject();
        json.WriteString("role", message.Role);
        json.WriteString("content", message.Content);
        json.WriteEndObject();
    }

    private static void WriteTokens(Utf8JsonWriter json, string name, IReadOnlyList<int> tokens)
    {
        json.WritePropertyName(name);
        json.WriteStartArray();
        foreach (var token in tokens)
        {
            json.WriteNumberValue(token);
        }

        json.WriteEndArray();
    }
}
