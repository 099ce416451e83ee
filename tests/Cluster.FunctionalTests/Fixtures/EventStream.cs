using System.Text.Json;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Reads a chat completion's server-sent events: the chunks' text, finish reason, usage and whether [DONE] ended it.</summary>
public sealed class EventStream(StreamReader reader)
{
    /// <summary>The content deltas read so far.</summary>
    public List<string> Deltas { get; } = [];

    /// <summary>The finish_reason of the last choice that had one.</summary>
    public string? FinishReason { get; private set; }

    /// <summary>usage.completion_tokens of the usage chunk (stream_options.include_usage), or -1.</summary>
    public int CompletionTokens { get; private set; } = -1;

    /// <summary>Whether the stream ended with data: [DONE].</summary>
    public bool Done { get; private set; }

    /// <summary>Reads events until <paramref name="deltas"/> content deltas have arrived (or the stream ends).</summary>
    public async Task ReadDeltasAsync(int deltas)
    {
        while (Deltas.Count < deltas && await ReadEventAsync())
        {
        }
    }

    /// <summary>Reads every remaining event.</summary>
    public async Task ReadToEndAsync()
    {
        while (await ReadEventAsync())
        {
        }
    }

    private async Task<bool> ReadEventAsync()
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (!line.StartsWith("data: ", StringComparison.Ordinal))
            {
                continue;
            }

            var data = line["data: ".Length..];
            if (data == "[DONE]")
            {
                Done = true;
                return false;
            }

            using var chunk = JsonDocument.Parse(data);
            if (chunk.RootElement.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                CompletionTokens = usage.GetProperty("completion_tokens").GetInt32();
            }

            foreach (var choice in chunk.RootElement.GetProperty("choices").EnumerateArray())
            {
                if (choice.GetProperty("delta").TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 } text)
                {
                    Deltas.Add(text);
                }

                if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                {
                    FinishReason = finish.GetString();
                }
            }

            return true;
        }

        return false;
    }
}
