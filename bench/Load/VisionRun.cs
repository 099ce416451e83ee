using System.Globalization;
using System.Text.Json.Nodes;
using StbImageWriteSharp;

namespace Cluster.Bench.Load;

/// <summary>
/// One-image chats at each concurrency: every request carries its own PNG (other pixels, so no server reuses an
/// earlier image's encoding or KV) as a base64 data: URL and a short question; prints images per second and TTFT.
/// </summary>
internal static class VisionRun
{
    public static async Task<int> RunAsync(LoadSettings settings, int imageSize, int[] concurrencies, CancellationToken cancellationToken)
    {
        using var http = ChatClient.CreateHttp();
        var client = new StreamingClient(http, settings);
        var warm = await client.SendAsync("v1/chat/completions", Body(-1, imageSize), cancellationToken);
        if (warm.Error is not null)
        {
            Console.Error.WriteLine($"warm-up failed: {warm.Error}");
            return 1;
        }

        Console.WriteLine("| server | streams | requests | errors | images/s | output tok/s | TTFT p50 ms | TTFT p95 ms |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        var sequence = 0;
        foreach (var streams in concurrencies)
        {
            // Bodies are built before the clock starts: encoding PNGs is the client's cost, not the server's.
            var bodies = Enumerable.Range(0, streams * settings.Rounds).Select(_ => Body(Interlocked.Increment(ref sequence), imageSize)).ToArray();
            var run = await LevelRun.RunAsync(streams, settings.Rounds, number => client.SendAsync("v1/chat/completions", bodies[number], cancellationToken));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {settings.Label} | {streams} | {run.All.Count} | {run.All.Count - run.Ok.Count} | {run.Ok.Count / run.WallSeconds:F2} | {run.Ok.Sum(r => r.Tokens) / run.WallSeconds:F0} | {ConversationRun.Percentile(run.TtftMs, 0.50):F0} | {ConversationRun.Percentile(run.TtftMs, 0.95):F0} |"));
            run.ReportFailures(settings.Label, streams);
        }

        return 0;
    }

    private static JsonObject Body(int number, int size) => new()
    {
        ["messages"] = new JsonArray(new JsonObject
        {
            ["role"] = "user",
            ["content"] = new JsonArray(
                new JsonObject { ["type"] = "image_url", ["image_url"] = new JsonObject { ["url"] = "data:image/png;base64," + Convert.ToBase64String(Png(number, size)) } },
                new JsonObject { ["type"] = "text", ["text"] = $"Picture {number}: what is in it?" }),
        }),
    };

    private static byte[] Png(int number, int size)
    {
        var pixels = new byte[size * size * 3];
        new Random(number).NextBytes(pixels);
        using var stream = new MemoryStream();
        new ImageWriter().WritePng(pixels, size, size, ColorComponents.RedGreenBlue, stream);
        return stream.ToArray();
    }
}
