using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.Bench.Load;

/// <summary>Sends one streaming /v1/completions (or chat) request on its own connection and times it.</summary>
/// <remarks>llama-server drops pooled keep-alive connections under load, so every request closes its connection.</remarks>
internal sealed class StreamingClient(HttpClient http, LoadSettings settings)
{
    /// <summary>temperature 0.8, top_p 0.95, top_k 40, min_p 0 (llama-server's min_p default is 0.05).</summary>
    private static readonly JsonObject DefaultSampling = new() { ["temperature"] = 0.8, ["top_p"] = 0.95, ["top_k"] = 40, ["min_p"] = 0.0 };

    /// <summary>Sends one request; stream i of a run asks for the i-th of the comma-separated models (round robin), so a run can spread over LoRA adapters.</summary>
    public async Task<RequestResult> SendAsync(string prompt, int stream, CancellationToken cancellationToken)
    {
        var models = settings.Model.Split(',');
        var body = new JsonObject
        {
            ["model"] = models[stream % models.Length],
            ["prompt"] = prompt,
            ["max_tokens"] = settings.MaxTokens,
            ["ignore_eos"] = true,
            ["stream"] = true,
        };
        return await SendAsync("v1/completions", body, cancellationToken);
    }

    /// <summary>Streams <paramref name="body"/> (max_tokens, ignore_eos, stream, the sampling fields and, when it names none, the model are added) to <paramref name="path"/>.</summary>
    public async Task<RequestResult> SendAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        body["model"] ??= settings.Model;
        body["max_tokens"] = settings.MaxTokens;
        body["ignore_eos"] = true;
        body["stream"] = true;
        foreach (var (name, value) in settings.Sampling ?? DefaultSampling)
        {
            body[name] = value?.DeepClone();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.BaseUrl, path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.ConnectionClose = true;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var clock = Stopwatch.StartNew();
        double firstToken = -1;
        var tokens = 0;
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return new RequestResult(-1, 0, clock.Elapsed.TotalSeconds, $"HTTP {(int)response.StatusCode}");
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!line.StartsWith("data: ", StringComparison.Ordinal) || line == "data: [DONE]")
                {
                    continue;
                }

                if (HasText(line.AsSpan(6)))
                {
                    tokens++;
                    firstToken = firstToken < 0 ? clock.Elapsed.TotalSeconds : firstToken;
                }
            }

            return new RequestResult(firstToken, tokens, clock.Elapsed.TotalSeconds, tokens == 0 ? "no tokens" : null);
        }
        catch (Exception error) when (error is HttpRequestException or IOException)
        {
            return new RequestResult(firstToken, tokens, clock.Elapsed.TotalSeconds, error.GetType().Name);
        }
    }

    private static bool HasText(ReadOnlySpan<char> json)
    {
        using var document = JsonDocument.Parse(json.ToString());
        if (!document.RootElement.TryGetProperty("choices", out var choices) || choices.GetArrayLength() == 0)
        {
            return false;
        }

        var choice = choices[0];
        return (choice.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 })
            || (choice.TryGetProperty("delta", out var delta) && delta.TryGetProperty("content", out var content) && content.GetString() is { Length: > 0 });
    }
}
