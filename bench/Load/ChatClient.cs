using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Bench.Load;

/// <summary>
/// Sends one streamed chat completion on its own connection and reads it to the end. A turn succeeds only when the whole
/// stream arrived: a finish_reason, no error event, and [DONE]; anything else (an HTTP error, a connection error, a
/// stream cut midway, which the gateway ends with an error event) is a failure named in <see cref="RequestResult.Error"/>.
/// </summary>
/// <remarks>llama-server drops pooled keep-alive connections under load, so every request closes its connection.</remarks>
internal sealed class ChatClient(HttpClient http, LoadSettings settings)
{
    /// <summary>The header that names a session; the server keeps its history, so only new messages are sent.</summary>
    public const string SessionHeader = "X-Session-Id";

    /// <summary>
    /// An HTTP client for load: no pooled connections, no connection limit, long streams allowed; with CLUSTER_SECRET set
    /// it sends that cluster secret, so it may call a silo's data plane directly as a gateway does.
    /// </summary>
    public static HttpClient CreateHttp()
    {
        var http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero, MaxConnectionsPerServer = 4096 })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        if (Environment.GetEnvironmentVariable("CLUSTER_SECRET") is { Length: > 0 } secret)
        {
            http.DefaultRequestHeaders.Add("X-Cluster-Secret", secret);
        }

        return http;
    }

    /// <summary>
    /// Sends <paramref name="messages"/> (in session <paramref name="sessionId"/> when given) to <paramref name="target"/>, or to the
    /// settings' URL; <paramref name="secret"/> is the cluster secret a silo's data plane asks of direct callers.
    /// </summary>
    public async Task<ChatReply> SendAsync(JsonArray messages, string? sessionId, CancellationToken cancellationToken, Uri? target = null, string? secret = null)
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
            ["stream_options"] = new JsonObject { ["include_usage"] = true },
            ["cache_prompt"] = true,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(target ?? settings.BaseUrl, "v1/chat/completions"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.ConnectionClose = true;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add(SessionHeader, sessionId);
        }

        if (secret is not null)
        {
            request.Headers.Add("X-Cluster-Secret", secret);
        }

        var reply = new Reading();
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            reply.Silo = response.Headers.TryGetValues("x-cluster-silo", out var silo) ? silo.FirstOrDefault() : null;
            if (!response.IsSuccessStatusCode)
            {
                return reply.Ended($"HTTP {(int)response.StatusCode} {ErrorCode(await response.Content.ReadAsStringAsync(cancellationToken))}".TrimEnd());
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line == "data: [DONE]")
                {
                    reply.Done = true;
                }
                else if (line.StartsWith("data: {", StringComparison.Ordinal))
                {
                    using var chunk = JsonDocument.Parse(line.AsMemory(6));
                    reply.Read(chunk.RootElement);
                }
            }

            return reply.Finished();
        }
        catch (Exception error) when (error is HttpRequestException or IOException || (error is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return reply.Ended(error.GetType().Name);
        }
    }

    private static string ErrorCode(string body)
    {
        try
        {
            return JsonNode.Parse(body)?["error"]?["code"]?.GetValue<string>() ?? string.Empty;
        }
        catch (JsonException)
        {
            return string.Empty;
        }
    }

    /// <summary>What one stream delivered so far.</summary>
    private sealed class Reading
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly StringBuilder _answer = new();
        private double _first = -1;
        private int _tokens;
        private string? _finishReason;
        private string? _errorEvent;
        private int _promptTokens;
        private int _cachedTokens;

        public string? Silo { get; set; }

        public bool Done { get; set; }

        public void Read(JsonElement chunk)
        {
            if (chunk.TryGetProperty("error", out var error))
            {
                _errorEvent = Text(error, "code") ?? Text(error, "type") ?? "without code";
            }

            if (chunk.TryGetProperty("choices", out var choices) && choices.GetArrayLength() > 0)
            {
                var choice = choices[0];
                if (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 } text)
                {
                    _first = _first < 0 ? _clock.Elapsed.TotalSeconds : _first;
                    _tokens++;
                    _answer.Append(text);
                }

                if (choice.TryGetProperty("finish_reason", out var finish) && finish.ValueKind == JsonValueKind.String)
                {
                    _finishReason = finish.GetString();
                }
            }

            if (chunk.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                _promptTokens = usage.GetProperty("prompt_tokens").GetInt32();
                _cachedTokens = usage.TryGetProperty("prompt_tokens_details", out var details) && details.ValueKind == JsonValueKind.Object
                    ? details.GetProperty("cached_tokens").GetInt32()
                    : 0;
            }
        }

        private static string? Text(JsonElement json, string property) =>
            json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        public ChatReply Finished() => Ended(
            _errorEvent is not null ? $"error event {_errorEvent}"
            : _finishReason is null ? "cut stream"
            : !Done ? "no [DONE]"
            : _tokens == 0 ? "no tokens"
            : null);

        public ChatReply Ended(string? error) =>
            new(new RequestResult(_first, _tokens, _clock.Elapsed.TotalSeconds, error), _answer.ToString(), _promptTokens, _cachedTokens, Silo);
    }
}
