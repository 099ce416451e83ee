using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.Contracts.Internal;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Routing;

public sealed class SessionRoutingTests
{
    private static readonly Dictionary<string, string?> TwoKeys = new()
    {
        ["Gateway:Auth:Enabled"] = "true",
        ["Gateway:Auth:AdminKey"] = "admin-secret",
        ["Gateway:Auth:Keys:0:Name"] = "alice",
        ["Gateway:Auth:Keys:0:Key"] = "sk-alice",
        ["Gateway:Auth:Keys:1:Name"] = "bob",
        ["Gateway:Auth:Keys:1:Key"] = "sk-bob",
    };

    [Fact]
    public async Task SessionTurns_TwoSilos_EachSessionStaysWithItsOwner()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var owners = new Dictionary<string, string>();
        for (var turn = 0; turn < 3; turn++)
        {
            for (var s = 0; s < 4; s++)
            {
                var t = await SessionTurn.SendAsync(cluster.Gateway.Client, $"session-{s}", $"turn {turn}");
                Assert.Equal("session", t.Route);
                Assert.Equal(owners.TryAdd($"session-{s}", t.Silo) ? t.Silo : owners[$"session-{s}"], t.Silo);
            }
        }
    }

    [Fact]
    public async Task SessionOfAnotherKey_404SessionNotFound()
    {
        await using var cluster = await RealCluster.StartAsync(1, TwoKeys);
        using (var mine = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")), "s-alice", apiKey: "sk-alice"))
        {
            Assert.Equal(HttpStatusCode.OK, mine.StatusCode);
        }

        using var theirs = await Chat.PostAsync(cluster.Gateway.Client, Chat.Body(DemoModel.Id, ("user", "hi")), "s-alice", apiKey: "sk-bob");

        Assert.Equal(HttpStatusCode.NotFound, theirs.StatusCode);
        var error = await Chat.ErrorAsync(theirs);
        Assert.Equal("session_not_found", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
        Assert.StartsWith("No session 's-alice'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndSession_AnotherKey404_OwnerEndsItAndItsHistoryIsGone()
    {
        await using var cluster = await RealCluster.StartAsync(1, TwoKeys);
        var client = cluster.Gateway.Client;
        using (var first = await Chat.PostAsync(client, Chat.Body(DemoModel.Id, ("user", "hi")), "s-end", apiKey: "sk-alice"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using var byBob = await DeleteSessionAsync(client, "s-end", "sk-bob");
        using var byAlice = await DeleteSessionAsync(client, "s-end", "sk-alice");
        using var again = await DeleteSessionAsync(client, "s-end", "sk-alice");
        using var admin = new HttpRequestMessage(HttpMethod.Get, "/admin/sessions/h:s-end");
        admin.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "admin-secret");
        using var described = await client.SendAsync(admin);

        Assert.Equal(HttpStatusCode.NotFound, byBob.StatusCode);
        var error = await Chat.ErrorAsync(byBob);
        Assert.Equal(("session_not_found", "session_id", "No session 's-end' exists for this API key."),
            (error.GetProperty("code").GetString(), error.GetProperty("param").GetString(), error.GetProperty("message").GetString()));
        Assert.Equal(HttpStatusCode.OK, byAlice.StatusCode);
        Assert.Equal("""{"id":"s-end","object":"session","deleted":true}""", await byAlice.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, described.StatusCode);
    }

    private static async Task<HttpResponseMessage> DeleteSessionAsync(HttpClient client, string id, string apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/sessions/{id}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task TwoGateways_SameSession_SameSilo()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var second = await cluster.StartGatewayAsync();
        await second.WaitForSilosAsync(2);

        for (var s = 0; s < 4; s++)
        {
            var viaFirst = await SessionTurn.SendAsync(cluster.Gateway.Client, $"shared-{s}", "one");
            var viaSecond = await SessionTurn.SendAsync(second.Client, $"shared-{s}", "two");
            Assert.Equal(viaFirst.Silo, viaSecond.Silo);
            Assert.Equal("session", viaSecond.Route);
        }
    }

    [Fact]
    public async Task StaleRoute_SessionDrainedThroughAnotherGateway_OldSiloRelaysThenTheRouteIsDirect()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var other = await cluster.StartGatewayAsync();
        await other.WaitForSilosAsync(2);
        var first = await SessionTurn.SendAsync(cluster.Gateway.Client, "stale", "one");

        // Drained through the other gateway: the first one still routes the session to the silo it left.
        await Admin.DrainAsync(other.Client, first.Silo);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await other.Client.GetFromJsonAsync<JsonElement>("/admin/sessions/h:stale", timeout.Token)).GetProperty("silo").GetString() == first.Silo)
        {
            await Task.Delay(50, timeout.Token);
        }

        var relayed = await SessionTurn.SendAsync(cluster.Gateway.Client, "stale", "two");
        var direct = await SessionTurn.SendAsync(cluster.Gateway.Client, "stale", "three");

        Assert.Equal((first.Silo, "session"), (relayed.Silo, relayed.Route));
        Assert.Equal(first.PromptTokens + first.CompletionTokens + 1, relayed.CachedTokens);
        Assert.NotEqual(first.Silo, direct.Silo);
        Assert.Equal(relayed.PromptTokens + relayed.CompletionTokens + 1, direct.CachedTokens);
    }

    [Fact]
    public async Task InteractiveMinusOne_GatewayAssignsLargeDistinctIds()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            var body = new JsonObject { ["model"] = DemoModel.Id, ["prompt"] = "hello", ["session_id"] = -1, ["interactive_mode"] = true, ["request_output_len"] = 2, ["stream"] = false };
            using var response = await cluster.Gateway.Client.PostAsJsonAsync("/v1/chat/interactive", body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            ids.Add(JsonDocument.Parse(lines[^1]).RootElement.GetProperty("session_id").GetInt64());
        }

        Assert.All(ids, id => Assert.True(id > uint.MaxValue && id < (1L << 53), $"id {id}"));
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task SiloDataPlane_WithoutSecret_401()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        using var silo = await Admin.SiloClientAsync(cluster.Gateway.Client, "silo-0");

        using var bare = await Chat.PostAsync(silo, Chat.Body(DemoModel.Id, ("user", "hi")));
        using var withSecret = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Chat.Body(DemoModel.Id, ("user", "hi"))) };
        withSecret.Headers.Add(InternalHeaders.Secret, cluster.Settings.Secret);
        using var answered = await silo.SendAsync(withSecret);

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }

    [Fact]
    public async Task SessionOwnerKilled_NextTurnOnTheOtherSiloWithinRecoveryTime()
    {
        // Redis membership: a localhost cluster dies with its primary silo.
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RealCluster.StartOnRedisAsync(2, redis);
        var first = await SessionTurn.SendAsync(cluster.Gateway.Client, "survivor", "one");
        cluster[first.Silo].Kill();

        var next = await SessionTurn.SendAsync(cluster.Gateway.Client, "survivor", "two");

        Assert.NotEqual(first.Silo, next.Silo);
        Assert.Equal("session", next.Route);
    }

    [Fact]
    public async Task Drain_SessionMovesToTheOtherSilo_NewSessionsAvoidIt()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var client = cluster.Gateway.Client;
        var before = await SessionTurn.SendAsync(client, "moving", "one");

        var (status, report) = await Admin.DrainAsync(client, before.Silo);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(before.Silo, report.GetProperty("silo").GetString());
        // The gateway's route may still name the drained silo: that silo relays the turn to the session's new owner
        // (its KV moved with it) and the gateway drops the route, so the turn after goes to the owner directly.
        var after = await SessionTurn.SendAsync(client, "moving", "two");
        var third = await SessionTurn.SendAsync(client, "moving", "three");
        Assert.Equal(before.PromptTokens + before.CompletionTokens + 1, after.CachedTokens);
        Assert.NotEqual(before.Silo, third.Silo);
        Assert.Equal(after.PromptTokens + after.CompletionTokens + 1, third.CachedTokens);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(before.Silo, (await SessionTurn.SendAsync(client, $"new-{i}", "hi")).Silo);
        }

        await Admin.UndrainAsync(client, before.Silo);
        using var unknown = await client.PostAsync("/admin/nodes/no-such-silo/drain", null);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("silo_not_found", (await Chat.ErrorAsync(unknown)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AdminSession_TwoTurns_FourStoredMessagesUnknownKey404()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var client = cluster.Gateway.Client;
        await SessionTurn.SendAsync(client, "described", "one");
        var second = await SessionTurn.SendAsync(client, "described", "two");

        var session = await client.GetFromJsonAsync<JsonElement>("/admin/sessions/h:described");
        using var unknown = await client.GetAsync("/admin/sessions/h:no-such-session");

        Assert.Equal("h:described", session.GetProperty("key").GetString());
        Assert.Equal(DemoModel.Id, session.GetProperty("model").GetString());
        Assert.Equal(second.Silo, session.GetProperty("silo").GetString());
        Assert.Equal(4, session.GetProperty("messages").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var error = await Chat.ErrorAsync(unknown);
        Assert.Equal("session_not_found", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("No session 'h:no-such-session'.", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task AdminWithKeysButNoAdminKey_GatewayRefusesToStart()
    {
        var settings = new Dictionary<string, string?>(TwoKeys) { ["Gateway:Auth:AdminKey"] = null };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartWithoutSilosAsync(settings));

        Assert.Contains("Gateway:Auth:AdminKey", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedisMembership_TwoSilos_SessionsRouteAndStick()
    {
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RealCluster.StartOnRedisAsync(2, redis);

        var first = await SessionTurn.SendAsync(cluster.Gateway.Client, "on-redis", "one");
        var second = await SessionTurn.SendAsync(cluster.Gateway.Client, "on-redis", "two");

        Assert.Equal(first.Silo, second.Silo);
        using var ready = await cluster.Gateway.Client.GetAsync("/health/ready");
        Assert.Equal(2, (await ready.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("live_silos").GetInt32());
    }
}
