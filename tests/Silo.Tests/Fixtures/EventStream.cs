using System.Text.Json;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>Reads a text/event-stream body and checks its framing exactly: every event is one "data: …" line followed by a blank line.</summary>
public static class EventStream
{
    public static IReadOnlyList<string> Parse(string body)
    {
        Assert.EndsWith("\n\n", body, StringComparison.Ordinal);
        var events = body[..^2].Split("\n\n");
        foreach (var item in events)
        {
            Assert.StartsWith("data: ", item, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', item);
        }

        return [.. events.Select(item => item["data: ".Length..])];
    }

    /// <summary>The JSON events before the final [DONE], which must be there.</summary>
    public static IReadOnlyList<JsonElement> ParseJson(string body)
    {
        var events = Parse(body);
        Assert.Equal("[DONE]", events[^1]);
        return [.. events.Take(events.Count - 1).Select(item => JsonDocument.Parse(item).RootElement.Clone())];
    }

    /// <summary>The text of a chat completion stream: the content deltas of its first choice, in order.</summary>
    public static string ChatText(IReadOnlyList<JsonElement> events) =>
        string.Concat(events.Where(chunk => chunk.GetProperty("choices").GetArrayLength() > 0)
            .Select(chunk => chunk.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : null));
}
