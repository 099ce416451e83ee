using System.Buffers;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Cluster.Bench.Gateway;

/// <summary>Sends one chat completion to a target and times it; the body bytes are built once and reused.</summary>
internal sealed class ChatProbe(BenchSettings settings)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static ReadOnlySpan<byte> EventEnd => "\n\n"u8;
    private static ReadOnlySpan<byte> ContentStart => "\"content\":\""u8;

    private readonly byte[] _plain = Body(settings, stream: false);
    private readonly byte[] _streamed = Body(settings, stream: true);

    /// <summary>A non-streamed request (a turn of <paramref name="sessionId"/> when set): milliseconds from send to the last body byte, or null when it failed.</summary>
    public async Task<double?> SendAsync(BenchTarget target, CancellationToken cancellationToken, string? sessionId = null)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = Request(_plain);
        if (sessionId is not null)
        {
            request.Headers.Add("X-Session-Id", sessionId);
        }

        using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await body.ReadAsync(buffer, cancellationToken) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return response.IsSuccessStatusCode ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : null;
    }

    /// <summary>A streamed request: time to the first text chunk and the gaps between text chunks (ms), or null when it failed.</summary>
    public async Task<StreamTiming?> StreamAsync(BenchTarget target, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var request = Request(_streamed);
        using var response = await target.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return null;
        }

        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var pending = new ArrayBufferWriter<byte>(4096);
        var chunkTimes = new List<long>(settings.StreamTokens + 2);
        while (true)
        {
            var memory = pending.GetMemory(4096);
            var read = await body.ReadAsync(memory, cancellationToken);
            if (read == 0)
            {
                break;
            }

            var now = Stopwatch.GetTimestamp();
            pending.Advance(read);
            var consumed = CountTextEvents(pending.WrittenSpan, now, chunkTimes);
            var rest = pending.WrittenSpan[consumed..].ToArray();
            pending.Clear();
            pending.Write(rest);
        }

        if (chunkTimes.Count == 0)
        {
            return null;
        }

        var gaps = new double[chunkTimes.Count - 1];
        for (var i = 1; i < chunkTimes.Count; i++)
        {
            gaps[i - 1] = Stopwatch.GetElapsedTime(chunkTimes[i - 1], chunkTimes[i]).TotalMilliseconds;
        }

        return new StreamTiming(Stopwatch.GetElapsedTime(started, chunkTimes[0]).TotalMilliseconds, gaps);
    }

    // Counts complete SSE events that carry text (the first event only names the role); returns the bytes consumed.
    private static int CountTextEvents(ReadOnlySpan<byte> data, long now, List<long> chunkTimes)
    {
        var consumed = 0;
        int end;
        while ((end = data[consumed..].IndexOf(EventEnd)) >= 0)
        {
            var text = data.Slice(consumed, end);
            var content = text.IndexOf(ContentStart);
            if (content >= 0 && content + ContentStart.Length < text.Length && text[content + ContentStart.Length] != (byte)'"')
            {
                chunkTimes.Add(now);
            }

            consumed += end + EventEnd.Length;
        }

        return consumed;
    }

    private static HttpRequestMessage Request(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, "v1/chat/completions") { Content = content };
    }

    private static byte[] Body(BenchSettings settings, bool stream)
    {
        var body = new JsonObject
        {
            ["model"] = settings.Model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Say hello to the cluster." }),
            ["max_tokens"] = stream ? settings.StreamTokens : settings.MaxTokens,
            ["temperature"] = 0,
        };
        if (stream)
        {
            body["stream"] = true;
            body["ignore_eos"] = true;
        }

        return Encoding.UTF8.GetBytes(body.ToJsonString());
    }
}
