using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Api;

public sealed class AuthAndLimitsTests
{
    private static readonly Dictionary<string, string?> AuthOn = new()
    {
        ["Gateway:Auth:Enabled"] = "true",
        ["Gateway:Auth:AdminKey"] = "admin-secret",
        ["Gateway:Auth:Keys:0:Name"] = "team",
        ["Gateway:Auth:Keys:0:Key"] = "sk-team",
        ["Gateway:Auth:Keys:1:Name"] = "slow",
        ["Gateway:Auth:Keys:1:Key"] = "sk-slow",
        ["Gateway:Auth:Keys:1:RequestsPerMinute"] = "2",
        ["Gateway:Auth:Keys:2:Name"] = "small",
        ["Gateway:Auth:Keys:2:Key"] = "sk-small",
        ["Gateway:Auth:Keys:2:TokensPerMinute"] = "300",
    };

    [Theory]
    [InlineData(null, "You didn't provide an API key")]
    [InlineData("sk-wrong", "Incorrect API key provided")]
    public async Task Chat_MissingOrWrongKey_401(string? key, string message)
    {
        await using var cluster = await RealCluster.StartAsync(1, AuthOn);
        using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")), apiKey: key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await Chat.ErrorAsync(response);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ConfiguredKey_ForwardedWithoutTheKey()
    {
        await using var cluster = await RealCluster.StartAsync(1, AuthOn);
        using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")), apiKey: "sk-team");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Chat_RequestsPerMinuteExceeded_429WithRetryAfter()
    {
        await using var cluster = await RealCluster.StartAsync(1, AuthOn);
        for (var i = 0; i < 2; i++)
        {
            using var ok = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")), apiKey: "sk-slow");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")), apiKey: "sk-slow");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.InRange(limited.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal("rate_limit_error", (await Chat.ErrorAsync(limited)).GetProperty("type").GetString());
        using var other = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")), apiKey: "sk-team");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Chat_TokensPerMinuteExceeded_429WithRetryAfter()
    {
        await using var cluster = await RealCluster.StartAsync(1, AuthOn);
        var body = Chat.Body(DemoModel.Id, ("user", "hi"));
        body["max_tokens"] = 200;
        using (var ok = await Chat.PostAsync(cluster.Gateway.Client, body, apiKey: "sk-small"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await Chat.PostAsync(cluster.Gateway.Client, body, apiKey: "sk-small");

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter!.Delta);
        Assert.Contains("tokens per minute", (await Chat.ErrorAsync(limited)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminKeys_CreatedKeyWorks_UsageCounted_RemovedKeyRefused()
    {
        await using var cluster = await RealCluster.StartAsync(1, AuthOn);
        var client = cluster.Gateway.Client;
        using (var anonymous = await client.GetAsync("/admin/nodes"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        using var admin = new HttpClient { BaseAddress = cluster.Gateway.Address };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "admin-secret");
        using var created = await admin.PostAsJsonAsync("/admin/keys", new { name = "ci", requests_per_minute = 10, tokens_per_minute = 0 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();

        using (var chat = await Chat.PostAsync(client, Chat.Body(DemoModel.Id, ("user", "hi")), apiKey: key.GetProperty("key").GetString()))
        {
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        }

        var keys = await admin.GetFromJsonAsync<JsonElement>("/admin/keys");
        var listed = Assert.Single(keys.EnumerateArray());
        Assert.Equal("ci", listed.GetProperty("name").GetString());
        Assert.Equal(1, listed.GetProperty("requests").GetInt64());
        Assert.True(listed.GetProperty("prompt_tokens").GetInt64() > 0);
        Assert.InRange(listed.GetProperty("completion_tokens").GetInt64(), 1, 4);
        Assert.False(listed.TryGetProperty("key", out _));

        using (var removed = await admin.DeleteAsync($"/admin/keys/{key.GetProperty("id").GetString()}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        }

        using var refused = await Chat.PostAsync(client, Chat.Body(DemoModel.Id, ("user", "hi")), apiKey: key.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Chat_AuthOffWithAnonymousRequestLimit_ThirdRequest429()
    {
        await using var cluster = await RealCluster.StartAsync(1, new Dictionary<string, string?> { ["Gateway:Auth:AnonymousRequestsPerMinute"] = "2" });
        for (var i = 0; i < 2; i++)
        {
            using var ok = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")));
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")));

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("rate_limit_exceeded", (await Chat.ErrorAsync(limited)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Chat_AuthOffByDefault_NoKeyNeeded()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        using var response = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
