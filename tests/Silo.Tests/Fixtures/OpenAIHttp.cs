using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>Raw HTTP helpers for what the SDK cannot express: exact bodies, errors, SSE bytes.</summary>
public static class OpenAIHttp
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static Task<HttpResponseMessage> PostAsync(this HttpClient http, string path, string json, bool headersOnly = false) =>
        http.SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(json) },
            headersOnly ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);

    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Asserts an OpenAI error: status, JSON content type, exactly {"error":{"message","type","param","code"}}; returns the message.</summary>
    public static async Task<string> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status, string? param, string? code,
        string type = "invalid_request_error")
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.ReadJsonAsync();
        Assert.Equal(["error"], body.EnumerateObject().Select(property => property.Name));
        var error = body.GetProperty("error");
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(property => property.Name));
        Assert.Equal(type, error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        return error.GetProperty("message").GetString()!;
    }

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
