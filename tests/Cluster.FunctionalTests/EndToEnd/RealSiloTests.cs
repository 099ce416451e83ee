using System.ClientModel;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cluster.FunctionalTests.Fixtures;
using Json.Schema;
using OpenAI;
using OpenAI.Chat;

namespace Cluster.FunctionalTests.EndToEnd;

public sealed class RealSiloTests
{
    [Fact]
    public async Task OpenAISdk_StreamedChatThroughGateway_EqualsUnstreamedAtTemperatureZero()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var client = new ChatClient(DemoModel.Id, new ApiKeyCredential("local"), new OpenAIClientOptions { Endpoint = new Uri(cluster.Gateway.Address, "/v1") });
        var options = new ChatCompletionOptions { Temperature = 0, MaxOutputTokenCount = 12 };
        ChatMessage[] messages = [new UserChatMessage("Tell me about clusters.")];

        var updates = 0;
        var streamed = new System.Text.StringBuilder();
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options))
        {
            updates++;
            foreach (var part in update.ContentUpdate)
            {
                streamed.Append(part.Text);
            }
        }

        ChatCompletion whole = await client.CompleteChatAsync(messages, options);

        Assert.True(updates > 2, $"{updates} updates");
        Assert.Equal(whole.Content[0].Text, streamed.ToString());
        Assert.Equal(12, whole.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task Chat_JsonBodySentAsFormData_GatewayForwardsItAsJson()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var body = $$"""{"model":"{{DemoModel.Id}}","messages":[{"role":"user","content":"hi"}],"max_tokens":3,"temperature":0}""";
        var silo = (await cluster.Gateway.Client.GetFromJsonAsync<JsonElement>("/admin/nodes"))[0].GetProperty("http_address").GetString()!;

        // What `curl -d '{...}'` sends: the silo alone refuses it, the gateway (which parsed the JSON) forwards it as JSON.
        using var http = new HttpClient { BaseAddress = new Uri(silo) };
        http.DefaultRequestHeaders.Add("X-Cluster-Secret", ClusterSettings.TestSecret);
        using var direct = await http.PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));
        using var viaGateway = await cluster.Gateway.Client.PostAsync("/v1/chat/completions", new StringContent(body, System.Text.Encoding.UTF8, "application/x-www-form-urlencoded"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, direct.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaGateway.StatusCode);
        var completion = await viaGateway.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, completion.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task SessionOwnerKilled_NextTurnElsewhere_AnswersAsTheFullHistoryDoes()
    {
        // Redis membership and grain state: the cluster outlives any one silo (a localhost cluster dies with its primary).
        await using var redis = await RedisServer.StartAsync();
        await using var cluster = await RealCluster.StartOnRedisAsync(2, redis);
        var http = cluster.Gateway.Client;
        var history = new JsonArray();
        string owner = string.Empty;
        for (var turn = 1; turn <= 2; turn++)
        {
            // Only the new message: the session's history lives in its grain state.
            var question = new JsonObject { ["role"] = "user", ["content"] = $"question {turn}" };
            using var response = await Chat.PostAsync(http, Body(new JsonArray(question.DeepClone())), "e2e-session");
            response.EnsureSuccessStatusCode();
            owner = Chat.Where(response).Silo;
            history.Add(question);
            history.Add(new JsonObject { ["role"] = "assistant", ["content"] = await Chat.AnswerAsync(response) });
        }

        cluster[owner].Kill();
        var third = new JsonObject { ["role"] = "user", ["content"] = "question 3" };
        using var afterKill = await Chat.PostAsync(http, Body(new JsonArray(third.DeepClone())), "e2e-session");
        afterKill.EnsureSuccessStatusCode();
        var (silo, route) = Chat.Where(afterKill);
        history.Add(third);
        using var reference = await Chat.PostAsync(http, Body(history));

        Assert.NotEqual(owner, silo);
        Assert.Equal("session", route);
        Assert.Equal(await Chat.AnswerAsync(reference), await Chat.AnswerAsync(afterKill));
    }

    [Fact]
    public async Task SiloKilledMidStream_ClientGetsErrorEventPromptly()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var body = Chat.Body(DemoModel.Id, ("user", "Write a long story."));
        body["stream"] = true;
        body["max_tokens"] = 4000;
        body["ignore_eos"] = true;
        using var response = await Chat.PostAsync(cluster.Gateway.Client, body, completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var events = new List<string>();
        while (events.Count < 5 && await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(line);
            }
        }

        var killedAt = Stopwatch.StartNew();
        cluster[Chat.Where(response).Silo].Kill();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                events.Add(line);
            }
        }

        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(5), $"stream ended {killedAt.Elapsed} after the kill");
        var last = JsonDocument.Parse(events[^1]["data: ".Length..]).RootElement;
        Assert.Equal("upstream_stream_cut", last.GetProperty("error").GetProperty("code").GetString());
        Assert.DoesNotContain("data: [DONE]", events);
    }

    [Fact]
    public async Task NodeOpenAIPackage_StreamsThroughGateway()
    {
        await using var cluster = await RealCluster.StartAsync(1);

        var result = await NodeScript.RunAsync(cluster.Gateway.Address, "stream-chat.mjs", DemoModel.Id);

        Assert.True(result.GetProperty("chunks").GetInt32() > 2);
        Assert.Equal("length", result.GetProperty("finishReason").GetString());
        Assert.Equal(8, result.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task NodeOpenAIPackage_GreedyChatWithTopLogprobs_EachTokenIsItsBestAlternativeStreamedAndNot()
    {
        await using var cluster = await RealCluster.StartAsync(1);

        var result = await NodeScript.RunAsync(cluster.Gateway.Address, "logprobs.mjs", DemoModel.Id);

        foreach (var (text, tokens) in new[] { ("text", "tokens"), ("streamedText", "streamedTokens") })
        {
            var content = result.GetProperty(tokens).EnumerateArray().ToList();
            Assert.Equal(6, content.Count);
            Assert.Equal(result.GetProperty(text).GetString(), string.Concat(content.Select(token => token.GetProperty("token").GetString())));
            Assert.All(content, token =>
            {
                Assert.Equal(3, token.GetProperty("alternatives").GetInt32());
                Assert.Equal(token.GetProperty("token").GetString(), token.GetProperty("best").GetString());
                Assert.Equal(token.GetProperty("logprob").GetDouble(), token.GetProperty("bestLogprob").GetDouble());
                Assert.InRange(token.GetProperty("logprob").GetDouble(), double.NegativeInfinity, 0);
            });
        }

        Assert.Equal(
            result.GetProperty("tokens").EnumerateArray().Select(token => token.GetProperty("logprob").GetDouble()),
            result.GetProperty("streamedTokens").EnumerateArray().Select(token => token.GetProperty("logprob").GetDouble()));
        var completionTokens = result.GetProperty("completionTokens").EnumerateArray().Select(token => token.GetString()).ToList();
        Assert.Equal((6, result.GetProperty("completionText").GetString()), (completionTokens.Count, string.Concat(completionTokens)));
        Assert.All(result.GetProperty("completionTop").EnumerateArray(), count => Assert.Equal(2, count.GetInt32()));
    }

    [Fact]
    public async Task NodeOpenAIPackage_StructuredOutputAndStreamedToolCall_ValidAsTheSdkAssemblesThem()
    {
        await using var cluster = await RealCluster.StartAsync(1);

        var result = await NodeScript.RunAsync(cluster.Gateway.Address, "tools-and-json.mjs", DemoModel.Id);

        var city = JsonSchema.FromText("""{"type":"object","properties":{"city":{"type":"string","maxLength":8},"population":{"type":"integer","minimum":0},"capital":{"type":"boolean"}},"required":["city","population","capital"],"additionalProperties":false}""");
        Assert.Equal("stop", result.GetProperty("jsonFinish").GetString());
        Assert.True(city.Evaluate(JsonDocument.Parse(result.GetProperty("json").GetString()!).RootElement).IsValid, result.GetRawText());
        Assert.Equal("tool_calls", result.GetProperty("toolFinish").GetString());
        var call = Assert.Single(result.GetProperty("toolCalls").EnumerateArray());
        Assert.Equal(("function", "get_weather"), (call.GetProperty("type").GetString(), call.GetProperty("function").GetProperty("name").GetString()));
        var calledFor = JsonDocument.Parse(call.GetProperty("function").GetProperty("arguments").GetString()!).RootElement.GetProperty("city").GetString();
        Assert.Contains(calledFor, (string[])["Paris", "Rome"]);
        Assert.StartsWith("call_", call.GetProperty("id").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodeOpenAIPackage_ThreeSeededChoices_EqualOneChoiceRequestsSeededSeedPlusIStreamedAndNot()
    {
        await using var cluster = await RealCluster.StartAsync(1);

        var result = await NodeScript.RunAsync(cluster.Gateway.Address, "choices.mjs", DemoModel.Id);

        string[] Strings(string name) => [.. result.GetProperty(name).EnumerateArray().Select(item => item.GetString()!)];
        Assert.Equal([0, 1, 2], result.GetProperty("indexes").EnumerateArray().Select(index => index.GetInt32()));
        Assert.Equal(Strings("singles"), Strings("texts"));
        Assert.Equal(Strings("texts"), Strings("streamed"));
        Assert.Equal(3, Strings("texts").Distinct().Count());
        foreach (var usage in (string[])["usage", "streamedUsage"])
        {
            var counts = result.GetProperty(usage);
            var prompt = counts.GetProperty("prompt_tokens").GetInt32();
            Assert.Equal((24, prompt + 24), (counts.GetProperty("completion_tokens").GetInt32(), counts.GetProperty("total_tokens").GetInt32()));
        }

        Assert.Equal((string[])["tool_calls", "tool_calls"], Strings("toolFinishes"));
        Assert.All(Strings("toolCities"), city => Assert.Contains(city, (string[])["Paris", "Rome"]));
    }

    private static JsonObject Body(JsonArray messages) => new()
    {
        ["model"] = DemoModel.Id,
        ["messages"] = messages.DeepClone(),
        ["temperature"] = 0,
        ["max_tokens"] = 8,
    };
}
