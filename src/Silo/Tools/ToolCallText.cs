using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Cluster.Contracts.OpenAI;

namespace Cluster.Silo.Tools;

/// <summary>
/// Tool calls as the model writes them: {"name": …, "arguments": {…}}, or a JSON array of those (Llama 3.1's JSON
/// tool-call format; "parameters" and a leading &lt;|python_tag|&gt; are read too). Reads an answer into calls, and
/// writes the calls of an assistant message in the history back as text.
/// </summary>
internal static class ToolCallText
{
    private const string PythonTag = "<|python_tag|>";

    /// <summary>Whether text that starts this way may be a call (so a stream must hold it until the end).</summary>
    public static bool MayStartCall(string text)
    {
        var start = text.TrimStart();
        return start.Length == 0 || start[0] is '{' or '[' || PythonTag.StartsWith(start.Length > PythonTag.Length ? start[..PythonTag.Length] : start, StringComparison.Ordinal);
    }

    /// <summary>The calls a whole answer makes, or null when it is not (only) calls to functions <paramref name="tools"/> allows.</summary>
    public static IReadOnlyList<ChatToolCall>? TryParse(string text, ToolUse tools)
    {
        ArgumentNullException.ThrowIfNull(text);
        var json = text.Trim();
        json = json.StartsWith(PythonTag, StringComparison.Ordinal) ? json[PythonTag.Length..].TrimStart() : json;
        if (json.Length == 0 || json[0] is not ('{' or '['))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            List<JsonElement> items = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : [root];
            var calls = items.Select(item => TryCall(item, tools)).OfType<ChatToolCall>().ToList();
            return calls.Count > 0 && calls.Count == items.Count ? calls : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The text of an assistant message that made <paramref name="calls"/> (after its content, if any).</summary>
    public static string Format(string? content, IReadOnlyList<ChatToolCall> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (calls.Count > 1)
            {
                writer.WriteStartArray();
            }

            foreach (var call in calls)
            {
                writer.WriteStartObject();
                writer.WriteString("name", call.Function?.Name);
                writer.WritePropertyName("arguments");
                WriteArguments(writer, call.Function?.Arguments);
                writer.WriteEndObject();
            }

            if (calls.Count > 1)
            {
                writer.WriteEndArray();
            }
        }

        var text = Encoding.UTF8.GetString(buffer.WrittenSpan);
        return string.IsNullOrEmpty(content) ? text : content + "\n" + text;
    }

    /// <summary>A new call id.</summary>
    public static string NewId() => "call_" + Guid.NewGuid().ToString("N")[..24];

    private static ChatToolCall? TryCall(JsonElement item, ToolUse tools)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var function = name.GetString();
        var allowed = tools.Functions.Any(f => f.Name == function) && (tools.Choice != ToolChoiceKind.Named || function == tools.Named);
        var arguments = item.TryGetProperty("arguments", out var found) || item.TryGetProperty("parameters", out found) ? found : default;
        return allowed && arguments.ValueKind == JsonValueKind.Object
            ? new ChatToolCall { Id = NewId(), Type = "function", Function = new ChatFunctionCall { Name = function, Arguments = arguments.GetRawText() } }
            : null;
    }

    // Arguments are JSON text; anything else is written as a string so the history stays valid JSON.
    private static void WriteArguments(Utf8JsonWriter writer, string? arguments)
    {
        try
        {
            using var parsed = JsonDocument.Parse(arguments ?? "{}");
            parsed.RootElement.WriteTo(writer);
        }
        catch (JsonException)
        {
            writer.WriteStringValue(arguments);
        }
    }
}
