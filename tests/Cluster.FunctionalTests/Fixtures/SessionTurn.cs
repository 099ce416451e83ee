using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>One answered chat turn of a session through the gateway: its text, usage and where it ran.</summary>
/// <param name="Text">The answer.</param>
/// <param name="PromptTokens">usage.prompt_tokens.</param>
/// <param name="CompletionTokens">usage.completion_tokens.</param>
/// <param name="CachedTokens">usage.prompt_tokens_details.cached_tokens.</param>
/// <param name="Silo">x-cluster-silo.</param>
/// <param name="Route">x-cluster-route.</param>
public sealed record SessionTurn(string Text, int PromptTokens, int CompletionTokens, int CachedTokens, string Silo, string Route)
{
    /// <summary>Sends <paramref name="userMessage"/> as the session's new message (the silo keeps the history) at temperature 0.</summary>
    public static async Task<SessionTurn> SendAsync(HttpClient gateway, string session, string userMessage, int maxTokens = 6, bool ignoreEos = false)
    {
        var body = Chat.Body(DemoModel.Id, ("user", userMessage));
        body["temperature"] = 0;
        body["max_tokens"] = maxTokens;
        body["ignore_eos"] = ignoreEos;
        using var response = await Chat.PostAsync(gateway, body, session);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        var usage = json.GetProperty("usage");
        var (silo, route) = Chat.Where(response);
        return new SessionTurn(
            json.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString()!,
            usage.GetProperty("prompt_tokens").GetInt32(),
            usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32(),
            silo,
            route);
    }
}
