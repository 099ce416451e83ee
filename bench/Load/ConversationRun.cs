using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Bench.Load;

/// <summary>
/// Multi-turn load: C conversations at once, T turns each, the history growing every turn. With sessions the client
/// sends X-Session-Id and only the new message; without, it resends the whole history (llama-server's cache_prompt
/// may still reuse a slot's prefix). Prints TTFT p50/p95 of turns 2..T.
/// </summary>
internal static class ConversationRun
{
    public static async Task<int> RunAsync(LoadSettings settings, int conversations, int turns, bool sessions, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, MaxConnectionsPerServer = 4096 })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, conversations).Select(c => ConverseAsync(http, settings, c, turns, sessions, cancellationToken)));
        var later = results.SelectMany(r => r.Skip(1)).Where(r => r.Error is null).Select(r => r.FirstTokenSeconds * 1000).Order().ToArray();
        var errors = results.SelectMany(r => r).Count(r => r.Error is not null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {settings.Label} | {conversations} | {turns} | {errors} | {Percentile(later, 0.5):F0} | {Percentile(later, 0.95):F0} | {clock.Elapsed.TotalSeconds:F1} |"));
        return errors == 0 ? 0 : 1;
    }

    private static async Task<List<RequestResult>> ConverseAsync(HttpClient http, LoadSettings settings, int conversation, int turns, bool sessions, CancellationToken cancellationToken)
    {
        var history = new JsonArray(Message("system", Words(conversation * 1000, 150)));
        var results = new List<RequestResult>();
        var sessionId = $"bench-{conversation}-{Guid.NewGuid():N}";
        for (var turn = 0; turn < turns; turn++)
        {
            var user = Message("user", Words(conversation * 1000 + turn + 1, 100));
            history.Add((JsonNode)user);
            var messages = sessions ? new JsonArray(user.DeepClone()) : (JsonArray)history.DeepClone();
            if (sessions && turn == 0)
            {
                messages.Insert(0, history[0]!.DeepClone());
            }

            var (result, answer) = await SendAsync(http, settings, messages, sessions ? sessionId : null, cancellationToken);
            results.Add(result);
            history.Add((JsonNode)Message("assistant", answer));
        }

        return results;
    }

    private static async Task<(RequestResult Result, string Answer)> SendAsync(HttpClient http, LoadSettings settings, JsonArray messages, string? sessionId, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["model"] = settings.Model,
            ["messages"] = messages,
            ["max_tokens"] = settings.MaxTokens,
            ["temperature"] = 0.8,
            ["top_p"] = 0.95,
            ["top_k"] = 40,
            ["ignore_eos"] = true,
            ["stream"] = true,
            ["cache_prompt"] = true,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.BaseUrl, "v1/chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.ConnectionClose = true;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("X-Session-Id", sessionId);
        }

        var clock = Stopwatch.StartNew();
        var answer = new StringBuilder();
        double first = -1;
        var tokens = 0;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return (new RequestResult(-1, 0, clock.Elapsed.TotalSeconds, $"HTTP {(int)response.StatusCode}"), string.Empty);
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("data: {", StringComparison.Ordinal))
                {
                    continue;
                }

                using var chunk = JsonDocument.Parse(line.AsMemory(6));
                if (chunk.RootElement.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0
                    && choices[0].TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content)
                    && content.GetString() is { Length: > 0 } text)
                {
                    first = first < 0 ? clock.Elapsed.TotalSeconds : first;
                    tokens++;
                    answer.Append(text);
                }
            }

            return (new RequestResult(first, tokens, clock.Elapsed.TotalSeconds, tokens == 0 ? "no tokens" : null), answer.ToString());
        }
        catch (Exception error) when (error is HttpRequestException or IOException)
        {
            return (new RequestResult(first, tokens, clock.Elapsed.TotalSeconds, error.GetType().Name), answer.ToString());
        }
    }

    private static JsonObject Message(string role, string content) => new() { ["role"] = role, ["content"] = content };

    private static string Words(int seed, int count)
    {
        var random = new Random(seed);
        var words = LoadRun.Vocabulary;
        return string.Join(' ', Enumerable.Range(0, count).Select(_ => words[random.Next(words.Length)]));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
}
