using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.Streaming;

[Collection(SiloCollection.Name)]
public sealed class ChatCompletionStreamTests(SiloFixture fixture)
{
    private const string Options = """{"max_tokens":6,"temperature":1,"seed":3,"ignore_eos":true}""";

    [Fact]
    public async Task StreamChat_IncludeUsage_RoleFirstThenContentThenFinishAloneThenUsage()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions",
            Generate.Chat("Frame me", Generate.Merge(Options, """{"stream":true,"stream_options":{"include_usage":true}}""")), headersOnly: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.ContentType()?.MediaType);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
        var chunks = EventStream.ParseJson(await response.Content.ReadAsStringAsync());
        var first = chunks[0];
        var content = chunks.Skip(1).Take(chunks.Count - 3).ToList();
        var finish = chunks[^2];
        var usage = chunks[^1];

        Assert.All(chunks, chunk => Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(chunk => (chunk.GetProperty("id").GetString(), chunk.GetProperty("created").GetInt64())).Distinct());
        Assert.Equal("""{"role":"assistant","content":""}""", first.GetProperty("choices")[0].GetProperty("delta").GetRawText());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind);
        Assert.NotEmpty(content);
        Assert.All(content, chunk => Assert.Equal(["content"], Delta(chunk).EnumerateObject().Select(property => property.Name)));
        Assert.All(content, chunk => Assert.Equal(JsonValueKind.Null, chunk.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
        Assert.Equal("{}", Delta(finish).GetRawText());
        Assert.Equal("length", finish.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal("[]", usage.GetProperty("choices").GetRawText());
        var promptTokens = fixture.ChatPromptTokens(new EngineMessage("user", "Frame me")).Length;
        Assert.Equal(promptTokens, usage.GetProperty("usage").GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(6, usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        Assert.Equal(promptTokens + 6, usage.GetProperty("usage").GetProperty("total_tokens").GetInt32());
    }

    [Fact]
    public async Task StreamChat_WithoutIncludeUsage_NoUsageChunk()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat("Frame me", Generate.Merge(Options, """{"stream":true}""")));

        var chunks = EventStream.ParseJson(await response.Content.ReadAsStringAsync());

        Assert.All(chunks, chunk => Assert.False(chunk.TryGetProperty("usage", out _)));
        Assert.Equal("length", chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    [Fact]
    public async Task StreamChat_SameSeed_ContentEqualsNonStreaming()
    {
        using var whole = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat("Same either way", Options));
        using var streamed = await fixture.Silo.Http.PostAsync("/v1/chat/completions", Generate.Chat("Same either way", Generate.Merge(Options, """{"stream":true}""")));

        var chunks = EventStream.ParseJson(await streamed.Content.ReadAsStringAsync());
        var expected = (await whole.ReadJsonAsync()).GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();

        Assert.Equal(expected, string.Concat(chunks.Skip(1).SkipLast(1).Select(chunk => Delta(chunk).GetProperty("content").GetString())));
    }

    private static JsonElement Delta(JsonElement chunk) => chunk.GetProperty("choices")[0].GetProperty("delta");
}
