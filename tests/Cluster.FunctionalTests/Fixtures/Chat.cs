using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Small helpers to send chat requests and read the cluster headers.</summary>
public static class Chat
{
    /// <summary>A chat body with the given (role, content) messages, at most 4 tokens out (tests set more where they need it).</summary>
    public static JsonObject Body(string model, params (string Role, string Content)[] messages) => new()
    {
        ["model"] = model,
        ["max_tokens"] = 4,
        ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
    };

    /// <summary>A streamed chat body that generates exactly <paramref name="tokens"/> tokens at temperature 0 and ends with a usage chunk.</summary>
    public static JsonObject LongStream(int tokens, string question)
    {
        var body = Body(DemoModel.Id, ("user", question));
        body["stream"] = true;
        body["stream_options"] = new JsonObject { ["include_usage"] = true };
        body["max_tokens"] = tokens;
        body["ignore_eos"] = true;
        body["temperature"] = 0;
        return body;
    }

    /// <summary>POSTs a chat request and returns the response (caller disposes).</summary>
    public static Task<HttpResponseMessage> PostAsync(HttpClient client, JsonObject body, string? session = null, string? apiKey = null, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(body) };
        if (session is not null)
        {
            request.Headers.Add("X-Session-Id", session);
        }

        if (apiKey is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client.SendAsync(request, completion);
    }

    /// <summary>The answer text of a non-streamed chat response.</summary>
    public static async Task<string> AnswerAsync(HttpResponseMessage response)
    {
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;
    }

    /// <summary>The silo and route headers.</summary>
    public static (string Silo, string Route) Where(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-cluster-silo", out var silo) && response.Headers.TryGetValues("x-cluster-route", out var route)
            ? (silo.Single(), route.Single())
            : throw new Xunit.Sdk.XunitException($"no x-cluster-silo/x-cluster-route on a {(int)response.StatusCode} answer: {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");

    /// <summary>The OpenAI error object of an error response.</summary>
    public static async Task<JsonElement> ErrorAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
}
