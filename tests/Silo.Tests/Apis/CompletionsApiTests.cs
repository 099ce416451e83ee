using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Apis;

[Collection(SiloCollection.Name)]
public sealed class CompletionsApiTests(SiloFixture fixture)
{
    private const string Prompt = "The quick brown fox";

    [Fact]
    public async Task CreateCompletion_MaxTokensWithIgnoreEos_TextCompletionWithExactUsage()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/completions",
            Generate.Completion(Prompt, """{"max_tokens":7,"temperature":0,"ignore_eos":true}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        var promptTokens = fixture.CompletionPromptTokens(Prompt).Length;
        Assert.Equal(["id", "object", "created", "model", "choices", "usage"], body.EnumerateObject().Select(property => property.Name));
        Assert.StartsWith("cmpl-", body.GetProperty("id").GetString(), StringComparison.Ordinal);
        Assert.Equal("text_completion", body.GetProperty("object").GetString());
        Assert.Equal("tiny", body.GetProperty("model").GetString());
        var choice = Assert.Single(body.GetProperty("choices").EnumerateArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        Assert.Equal("length", choice.GetProperty("finish_reason").GetString());
        AssertUsage(body.GetProperty("usage"), promptTokens, 7);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0.8")]
    public async Task CreateCompletion_LogitBiasHundredOnOneToken_DrawsOnlyThatToken(string temperature)
    {
        var paris = fixture.CompletionPromptTokens(" Paris")[^1].Value;
        var options = $$$"""{"max_tokens":3,"temperature":{{{temperature}}},"top_p":0.9,"seed":4,"ignore_eos":true,"logit_bias":{"{{{paris}}}":100}}""";

        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", Generate.Completion(Prompt, options));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(" Paris Paris Paris", Text(await response.ReadJsonAsync()));
    }

    [Fact]
    public async Task CreateCompletion_NoMaxTokens_DefaultsToSixteen()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", Generate.Completion(Prompt, """{"temperature":0,"ignore_eos":true}"""));

        var body = await response.ReadJsonAsync();
        Assert.Equal(16, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task CreateCompletion_PromptAsListOfOne_SameAsString()
    {
        using var fromString = await fixture.Silo.Http.PostAsync("/v1/completions", Generate.Completion(Prompt, """{"max_tokens":5,"temperature":1,"seed":8,"ignore_eos":true}"""));
        using var fromList = await fixture.Silo.Http.PostAsync("/v1/completions",
            """{"model":"tiny","prompt":["The quick brown fox"],"max_tokens":5,"temperature":1,"seed":8,"ignore_eos":true}""");

        Assert.Equal(Text(await fromString.ReadJsonAsync()), Text(await fromList.ReadJsonAsync()));
    }

    [Fact]
    public async Task CreateCompletion_Stream_TextChunksThenFinishAloneThenUsage()
    {
        const string Options = """{"max_tokens":6,"temperature":1,"seed":3,"ignore_eos":true}""";
        using var whole = await fixture.Silo.Http.PostAsync("/v1/completions", Generate.Completion(Prompt, Options));
        using var streamed = await fixture.Silo.Http.PostAsync("/v1/completions",
            Generate.Completion(Prompt, Generate.Merge(Options, """{"stream":true,"stream_options":{"include_usage":true}}""")));

        Assert.Equal("text/event-stream", streamed.ContentType()?.MediaType);
        var chunks = EventStream.ParseJson(await streamed.Content.ReadAsStringAsync());
        var content = chunks.Take(chunks.Count - 1).ToList();
        Assert.All(chunks, chunk => Assert.Equal("text_completion", chunk.GetProperty("object").GetString()));
        Assert.Single(chunks.Select(chunk => chunk.GetProperty("id").GetString()).Distinct());
        Assert.All(content.SkipLast(1), chunk => Assert.Equal(JsonValueKind.Null, chunk.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));
        Assert.All(content.SkipLast(1), chunk => Assert.NotEqual(string.Empty, chunk.GetProperty("choices")[0].GetProperty("text").GetString()));
        Assert.Equal(string.Empty, content[^1].GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal("length", content[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(Text(await whole.ReadJsonAsync()), string.Concat(content.Select(chunk => chunk.GetProperty("choices")[0].GetProperty("text").GetString())));
        Assert.Empty(chunks[^1].GetProperty("choices").EnumerateArray());
        AssertUsage(chunks[^1].GetProperty("usage"), fixture.CompletionPromptTokens(Prompt).Length, 6);
    }

    [Fact]
    public async Task CreateCompletion_StopString_CutsBeforeIt()
    {
        using var free = await fixture.Silo.Http.PostAsync("/v1/completions", Generate.Completion(Prompt, """{"max_tokens":16,"temperature":1,"seed":5,"ignore_eos":true}"""));
        var text = Text(await free.ReadJsonAsync());
        var stop = text.Substring(text.Length / 2, 2);

        using var stopped = await fixture.Silo.Http.PostAsync("/v1/completions",
            Generate.Completion(Prompt, $$"""{"max_tokens":16,"temperature":1,"seed":5,"ignore_eos":true,"stop":{{JsonSerializer.Serialize(stop)}}}"""));

        var body = await stopped.ReadJsonAsync();
        var expected = text[..text.IndexOf(stop, StringComparison.Ordinal)];
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Text(body));
        Assert.Equal("stop", body.GetProperty("choices")[0].GetProperty("finish_reason").GetString());
    }

    private static string Text(JsonElement completion) => completion.GetProperty("choices")[0].GetProperty("text").GetString()!;

    private static void AssertUsage(JsonElement usage, int promptTokens, int completionTokens)
    {
        Assert.Equal(["prompt_tokens", "completion_tokens", "total_tokens", "prompt_tokens_details"], usage.EnumerateObject().Select(property => property.Name));
        Assert.Equal(promptTokens, usage.GetProperty("prompt_tokens").GetInt32());
        Assert.Equal(completionTokens, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(promptTokens + completionTokens, usage.GetProperty("total_tokens").GetInt32());
        // Exact cached_tokens depend on what earlier tests left resident; ChatCompletionsApiTests pins the value.
        Assert.Equal(JsonValueKind.Number, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").ValueKind);
    }
}
