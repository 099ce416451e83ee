using System.Buffers;
using System.Text;
using System.Text.Json;
using Cluster.Contracts.Internal;
using Cluster.Grains.Keys;

namespace Cluster.Gateway.Forwarding;

/// <summary>Reads usage and (for sessions) the answer text from a silo's response as its bytes pass, without holding them back.</summary>
internal sealed class ResponseObserver(ResponseFormat format, bool captureContent, int captureLimit)
{
    private static ReadOnlySpan<byte> DataPrefix => "data:"u8;

    private static ReadOnlySpan<byte> UsageProperty => "\"usage\""u8;

    private readonly ArrayBufferWriter<byte> _pending = new(format == ResponseFormat.Json ? 4096 : 1024);
    private readonly StringBuilder? _content = captureContent ? new() : null;
    private bool _overflow;

    /// <summary>The response's framing.</summary>
    public ResponseFormat Format => format;

    /// <summary>Usage reported by the silo, when it reported any.</summary>
    public TokenUsage? Usage { get; private set; }

    /// <summary>The answer text, when captured.</summary>
    public string? Content => _content is not null && !_overflow ? _content.ToString() : null;

    /// <summary>True once the stream's final marker ("data: [DONE]") passed.</summary>
    public bool SawDone { get; private set; }

    /// <summary>Looks at bytes on their way to the client.</summary>
    public void Observe(ReadOnlySpan<byte> data)
    {
        if (format == ResponseFormat.Json)
        {
            if (_pending.WrittenCount + data.Length > captureLimit)
            {
                _overflow = true;
                return;
            }

            _pending.Write(data);
            return;
        }

        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                if (_pending.WrittenCount + data.Length <= captureLimit)
                {
                    _pending.Write(data);
                }

                return;
            }

            if (_pending.WrittenCount > 0)
            {
                _pending.Write(data[..newline]);
                OnLine(_pending.WrittenSpan);
                _pending.Clear();
            }
            else
            {
                OnLine(data[..newline]);
            }

            data = data[(newline + 1)..];
        }
    }

    /// <summary>Called at the end of the body.</summary>
    public void Complete()
    {
        if (format == ResponseFormat.Json && !_overflow && _pending.WrittenCount > 0)
        {
            ReadDocument(_pending.WrittenMemory, isChunk: false);
        }
        else if (format != ResponseFormat.Json && _pending.WrittenCount > 0)
        {
            OnLine(_pending.WrittenSpan);
        }

        _pending.Clear();
    }

    private void OnLine(ReadOnlySpan<byte> line)
    {
        line = line.TrimEnd((byte)'\r');
        if (format == ResponseFormat.Sse)
        {
            if (line.StartsWith(ReportedUsage.CommentPrefix))
            {
                ReadReportedUsage(line[ReportedUsage.CommentPrefix.Length..]);
                return;
            }

            if (!line.StartsWith(DataPrefix))
            {
                return;
            }

            line = line[DataPrefix.Length..].TrimStart((byte)' ');
            if (line.SequenceEqual("[DONE]"u8))
            {
                SawDone = true;
                return;
            }
        }

        if (!line.IsEmpty && (captureContent || line.IndexOf(UsageProperty) >= 0 || format == ResponseFormat.Ndjson))
        {
            ReadDocument(line.ToArray(), isChunk: true);
        }
    }

    private void ReadDocument(ReadOnlyMemory<byte> json, bool isChunk)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return;
            }

            ReadUsage(root);
            _content?.Append(TextOf(root, isChunk));
        }
        catch (JsonException)
        {
            // Not ours to judge: the client gets the bytes as the silo sent them.
        }
    }

    // The usage a silo reported for the gateway alone (the client did not ask for it).
    private void ReadReportedUsage(ReadOnlySpan<byte> json)
    {
        try
        {
            using var document = JsonDocument.Parse(json.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                ReadOpenAIUsage(document.RootElement);
            }
        }
        catch (JsonException)
        {
            // Not counted rather than miscounted.
        }
    }

    private void ReadUsage(JsonElement root)
    {
        if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
        {
            ReadOpenAIUsage(usage);
        }
        else if (format == ResponseFormat.Ndjson && root.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
        {
            Usage = new TokenUsage(1, Number(root, "input_tokens"), Number(root, "tokens"), 0);
        }
    }

    private void ReadOpenAIUsage(JsonElement usage)
    {
        var cached = usage.TryGetProperty("prompt_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object ? Number(details, "cached_tokens") : 0;
        Usage = new TokenUsage(1, Number(usage, "prompt_tokens"), Number(usage, "completion_tokens"), cached);
    }

    private static string? TextOf(JsonElement root, bool isChunk)
    {
        if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
        {
            var choice = choices[0];
            if (choice.TryGetProperty(isChunk ? "delta" : "message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
            {
                return content.GetString();
            }

            return choice.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        }

        return root.TryGetProperty("text", out var interactive) && interactive.ValueKind == JsonValueKind.String ? interactive.GetString() : null;
    }

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;
}
