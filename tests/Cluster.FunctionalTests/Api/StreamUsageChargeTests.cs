using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Api;

/// <summary>A key is charged a stream's tokens whether or not its client asked for stream_options.include_usage, and the client's stream stays as asked.</summary>
public sealed class StreamUsageChargeTests
{
    private const int MaxTokens = 6;

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/v1/completions")]
    public async Task Stream_WithoutIncludeUsage_ChargedTheNonStreamedUsageAndClientGetsNoUsage(string path)
    {
        await using var cluster = await RealCluster.StartAsync(1, new Dictionary<string, string?>
        {
            ["Gateway:Auth:Enabled"] = "true",
            ["Gateway:Auth:AdminKey"] = "admin-secret",
        });
        using var admin = new HttpClient { BaseAddress = cluster.Gateway.Address };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "admin-secret");
        var wholeKey = await CreateKeyAsync(admin, "whole");
        var streamKey = await CreateKeyAsync(admin, "stream");

        using var whole = await PostAsync(cluster.Gateway.Client, path, Body(path, stream: false), wholeKey);
        var answer = await whole.Content.ReadFromJsonAsync<JsonElement>();
        using var streamed = await PostAsync(cluster.Gateway.Client, path, Body(path, stream: true), streamKey);
        var events = await streamed.Content.ReadAsStringAsync();

        var usage = answer.GetProperty("usage");
        var (promptTokens, completionTokens) = (usage.GetProperty("prompt_tokens").GetInt64(), usage.GetProperty("completion_tokens").GetInt64());
        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal(MaxTokens, completionTokens);
        var keys = (await admin.GetFromJsonAsync<JsonElement>("/admin/keys")).EnumerateArray().ToDictionary(key => key.GetProperty("name").GetString()!);
        foreach (var name in (string[])["whole", "stream"])
        {
            Assert.Equal((1L, promptTokens, completionTokens),
                (keys[name].GetProperty("requests").GetInt64(), keys[name].GetProperty("prompt_tokens").GetInt64(), keys[name].GetProperty("completion_tokens").GetInt64()));
        }

        // The stream is what the client asked for: data events and [DONE], no usage chunk and no comment.
        var lines = events.Split('\n');
        Assert.All(lines, line => Assert.True(line.Length == 0 || line.StartsWith("data: ", StringComparison.Ordinal), line));
        Assert.DoesNotContain("usage", events, StringComparison.Ordinal);
        Assert.EndsWith("}\n\ndata: [DONE]\n\n", events, StringComparison.Ordinal);
        Assert.Equal(Text(answer, path, streamed: false), string.Concat(lines.Where(line => line.StartsWith("data: {", StringComparison.Ordinal))
            .Select(line => Text(JsonDocument.Parse(line["data: ".Length..]).RootElement, path, streamed: true))));
    }

    private static JsonObject Body(string path, bool stream)
    {
        var body = new JsonObject { ["model"] = DemoModel.Id, ["max_tokens"] = MaxTokens, ["ignore_eos"] = true, ["temperature"] = 0, ["stream"] = stream };
        body[path == "/v1/completions" ? "prompt" : "messages"] = path == "/v1/completions"
            ? "Once upon a time"
            : new JsonArray(new JsonObject { ["role"] = "user", ["content"] = "Tell me a story" });
        return body;
    }

    private static string Text(JsonElement chunk, string path, bool streamed)
    {
        var choices = chunk.GetProperty("choices");
        if (choices.GetArrayLength() == 0)
        {
            return string.Empty;
        }

        var choice = choices[0];
        if (path == "/v1/completions")
        {
            return choice.GetProperty("text").GetString()!;
        }

        return choice.GetProperty(streamed ? "delta" : "message").TryGetProperty("content", out var content) ? content.GetString() ?? string.Empty : string.Empty;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, JsonObject body, string apiKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return client.SendAsync(request);
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string name)
    {
        using var created = await admin.PostAsJsonAsync("/admin/keys", new { name });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
