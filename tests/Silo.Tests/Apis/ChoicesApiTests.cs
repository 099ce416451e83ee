using System.ClientModel;
using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;
using OpenAI.Chat;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.Apis;

/// <summary>n choices per request: indexes 0..n-1, choice i sampled with seed + i, usage counting the prompt once.</summary>
[Collection(SiloCollection.Name)]
public sealed class ChoicesApiTests(SiloFixture fixture)
{
    // Top-k keeps draws among tokens whose weights differ (generated weights make a whole row nearly flat).
    private const string Sampled = """{"temperature":0.8,"top_p":0.95,"top_k":40,"max_tokens":8,"ignore_eos":true}""";

    [Fact]
    public async Task CompleteChat_ThreeSeededChoicesWithTheSdk_ChoiceIEqualsOneChoiceSeededSeedPlusI()
    {
        var chat = fixture.Silo.ChatClient(SiloFixture.ModelId);

        ClientResult<ChatCompletion> result = await chat.CompleteChatAsync([new UserChatMessage("Tell me a story")], Options(seed: 42, n: 3));
        var singles = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ChatCompletion single = await chat.CompleteChatAsync([new UserChatMessage("Tell me a story")], Options(seed: 42 + i, n: 1));
            singles.Add(single.Content[0].Text);
        }

        var choices = JsonDocument.Parse(result.GetRawResponse().Content).RootElement.GetProperty("choices").EnumerateArray().ToList();
        var texts = choices.Select(choice => choice.GetProperty("message").GetProperty("content").GetString()!).ToList();
        Assert.Equal([0, 1, 2], choices.Select(choice => choice.GetProperty("index").GetInt32()));
        Assert.All(choices, choice => Assert.Equal("length", choice.GetProperty("finish_reason").GetString()));
        Assert.Equal(singles, texts);
        Assert.Equal(3, texts.Distinct().Count());
        Assert.Equal(texts[0], result.Value.Content[0].Text);
        var promptTokens = fixture.ChatPromptTokens(new EngineMessage("user", "Tell me a story")).Length;
        Assert.Equal((promptTokens, 24, promptTokens + 24), (result.Value.Usage.InputTokenCount, result.Value.Usage.OutputTokenCount, result.Value.Usage.TotalTokenCount));
    }

    [Fact]
    public async Task StreamChat_TwoChoicesWithUsage_EachChoiceStreamsTheNonStreamedTextThenOneUsageChunk()
    {
        var body = Generate.Merge(Sampled, """{"n":2,"seed":9}""");
        using var whole = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat("Two ways", body));
        using var streamed = await fixture.Silo.Http.PostAsync("/v1/chat/completions",
            Generate.Chat("Two ways", Generate.Merge(body, """{"stream":true,"stream_options":{"include_usage":true}}""")));

        var expected = (await whole.ReadJsonAsync()).GetProperty("choices").EnumerateArray()
            .Select(choice => choice.GetProperty("message").GetProperty("content").GetString()).ToList();
        var chunks = EventStream.ParseJson(await streamed.Content.ReadAsStringAsync());
        var withChoices = chunks.Where(chunk => chunk.GetProperty("choices").GetArrayLength() == 1).Select(chunk => chunk.GetProperty("choices")[0]).ToList();
        string Text(int index) => string.Concat(withChoices.Where(choice => choice.GetProperty("index").GetInt32() == index)
            .Select(choice => choice.GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : null));
        Assert.Equal(expected, [Text(0), Text(1)]);
        Assert.Equal(2, withChoices.Count(choice => choice.GetProperty("delta").TryGetProperty("role", out _)));
        Assert.Equal([0, 1], withChoices.Where(choice => choice.GetProperty("finish_reason").ValueKind == JsonValueKind.String)
            .Select(choice => choice.GetProperty("index").GetInt32()).Order());
        var usage = Assert.Single(chunks, chunk => chunk.TryGetProperty("usage", out _)).GetProperty("usage");
        Assert.Equal(chunks[^1].GetProperty("usage"), usage);
        Assert.Equal(16, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(fixture.ChatPromptTokens(new EngineMessage("user", "Two ways")).Length, usage.GetProperty("prompt_tokens").GetInt32());
    }

    [Fact]
    public async Task CreateCompletion_TwoChoicesWithLogprobs_EachChoiceItsOwnTextAndLogprobs()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", Generate.Completion("Once upon", Generate.Merge(Sampled, """{"n":2,"seed":3,"logprobs":2}""")));

        var answer = await response.ReadJsonAsync();
        var choices = answer.GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal([0, 1], choices.Select(choice => choice.GetProperty("index").GetInt32()));
        Assert.All(choices, choice => Assert.Equal(8, choice.GetProperty("logprobs").GetProperty("tokens").GetArrayLength()));
        Assert.All(choices, choice => Assert.Equal(choice.GetProperty("text").GetString(), string.Concat(choice.GetProperty("logprobs").GetProperty("tokens").EnumerateArray().Select(token => token.GetString()))));
        Assert.NotEqual(choices[0].GetProperty("text").GetString(), choices[1].GetProperty("text").GetString());
        Assert.Equal((fixture.CompletionPromptTokens("Once upon").Length, 16),
            (answer.GetProperty("usage").GetProperty("prompt_tokens").GetInt32(), answer.GetProperty("usage").GetProperty("completion_tokens").GetInt32()));
    }

    [Fact]
    public async Task CreateChatCompletion_TwoChoicesWithJsonSchema_BothFollowTheSchema()
    {
        const string format = """{"n":2,"seed":5,"temperature":1,"max_tokens":120,"response_format":{"type":"json_schema","json_schema":{"name":"flag","strict":true,"schema":{"type":"object","properties":{"ok":{"type":"boolean"}},"required":["ok"],"additionalProperties":false}}}}""";

        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat("JSON please", format));

        var choices = (await response.ReadJsonAsync()).GetProperty("choices").EnumerateArray().ToList();
        Assert.Equal(2, choices.Count);
        Assert.All(choices, choice =>
        {
            using var json = JsonDocument.Parse(choice.GetProperty("message").GetProperty("content").GetString()!);
            Assert.Equal(["ok"], json.RootElement.EnumerateObject().Select(property => property.Name));
            Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        });
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"n":5}""", "n is 5, but this model runs at most 4 sequences at once (Scheduler:Sequences); ask for at most 4")]
    [InlineData("/v1/chat/completions", """{"n":0}""", "n is 0; it must be at least 1.")]
    [InlineData("/v1/completions", """{"n":-2}""", "n is -2; it must be at least 1.")]
    [InlineData("/v1/chat/interactive", """{"n":2}""", "n is 2; /v1/chat/interactive answers with one text, so n must be 1.")]
    public async Task Post_NOutOfRange_400NamingN(string path, string extra, string message)
    {
        var body = path switch
        {
            "/v1/completions" => Generate.Completion("Hi", extra),
            "/v1/chat/interactive" => $$"""{"prompt":"Hi","session_id":-1{{extra.Trim()[1..^1].Insert(0, ",")}}}""",
            _ => Generate.Chat("Hi", extra),
        };

        using var response = await fixture.Silo.Http.PostAsync(path, body);

        Assert.Equal(message, await response.AssertErrorAsync(HttpStatusCode.BadRequest, "n", null));
    }

    [Fact]
    public async Task CreateChatCompletion_NWithSessionHeader_400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = OpenAIHttp.Json(Generate.Chat("Hi", """{"n":2}""")) };
        request.Headers.Add("X-Session-Id", "choices-session");

        using var response = await fixture.Silo.Http.SendAsync(request);

        Assert.Equal("n is 2; a session (X-Session-Id) holds one conversation, so its turns take n = 1.",
            await response.AssertErrorAsync(HttpStatusCode.BadRequest, "n", null));
    }

    [Fact]
    public async Task StreamChat_FourChoicesClientAborts_EverySequenceFreed()
    {
        var grain = fixture.Silo.Grain(SiloFixture.ModelId);
        using (var running = await fixture.Silo.Http.PostAsync("/v1/chat/completions",
            Generate.Chat("abort us", """{"n":4,"max_tokens":200,"ignore_eos":true,"stream":true}"""), headersOnly: true))
        {
            using var reader = new StreamReader(await running.Content.ReadAsStreamAsync());
            var contentChunks = 0;
            while (contentChunks < 8 && await reader.ReadLineAsync() is { } line)
            {
                contentChunks += line.Contains("\"content\":\"", StringComparison.Ordinal) && !line.Contains("\"role\"", StringComparison.Ordinal) ? 1 : 0;
            }

            Assert.Equal(4, grain.Load.ActiveSequences);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (grain.Load.ActiveSequences > 0)
        {
            await Task.Delay(10, timeout.Token);
        }

        using var next = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat("after", """{"n":4,"max_tokens":2,"ignore_eos":true}"""));
        Assert.Equal(4, (await next.ReadJsonAsync()).GetProperty("choices").GetArrayLength());
    }

    private static ChatCompletionOptions Options(long seed, int n)
    {
#pragma warning disable OPENAI001 // Seed is marked experimental in the SDK
        var options = new ChatCompletionOptions { Temperature = 0.8f, TopP = 0.95f, MaxOutputTokenCount = 8, Seed = seed };
#pragma warning restore OPENAI001
        options.Patch.Set("$.n"u8, n);
        options.Patch.Set("$.top_k"u8, 40);
        options.Patch.Set("$.ignore_eos"u8, true);
        return options;
    }
}
