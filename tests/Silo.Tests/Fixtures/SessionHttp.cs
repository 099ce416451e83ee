using System.Net;
using System.Text.Json;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>Requests of the session tests: chat turns with X-Session-Id (and the caller a gateway names), interactive turns.</summary>
public static class SessionHttp
{
    /// <summary>A JSON array of messages from (role, content) pairs.</summary>
    public static string Messages(params (string Role, string Content)[] messages) =>
        JsonSerializer.Serialize(messages.Select(message => new Dictionary<string, string> { ["role"] = message.Role, ["content"] = message.Content }));

    /// <summary>POST /v1/chat/completions for model "tiny" (unless <paramref name="extra"/> names one) with the session header.</summary>
    public static Task<HttpResponseMessage> ChatAsync(this HttpClient http, string sessionId, string messages, string extra, bool headersOnly = false, string? caller = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = OpenAIHttp.Json(Generate.Merge($$"""{"model":"tiny","messages":{{messages}}}""", extra)),
        };
        request.Headers.Add("X-Session-Id", sessionId);
        if (caller is not null)
        {
            // What a gateway adds for the API key it authenticated.
            request.Headers.Add("X-Cluster-Caller", caller);
        }

        return http.SendAsync(request, headersOnly ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
    }

    /// <summary>A chat turn that must succeed; returns the completion.</summary>
    public static async Task<JsonElement> ChatTurnAsync(this HttpClient http, string sessionId, string messages, string extra, string? caller = null)
    {
        using var response = await http.ChatAsync(sessionId, messages, extra, caller: caller);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>An interactive request that must succeed; returns its answer.</summary>
    public static async Task<JsonElement> InteractiveAsync(this HttpClient http, string json)
    {
        using var response = await http.PostAsync("/v1/chat/interactive", json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    /// <summary>The text of a chat completion.</summary>
    public static string Content(this JsonElement completion) => completion.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!;

    /// <summary>A usage field of a chat completion: prompt_tokens, completion_tokens or cached_tokens.</summary>
    public static int Usage(this JsonElement completion, string field) => field == "cached_tokens"
        ? completion.GetProperty("usage").GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32()
        : completion.GetProperty("usage").GetProperty(field).GetInt32();

    /// <summary>A fresh session id.</summary>
    public static string NewSessionId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";
}
