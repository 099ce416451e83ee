using System.Net;
using System.Text;
using Cluster.Silo.Tests.Fixtures;
using OpenAI.Chat;

namespace Cluster.Silo.Tests.Apis;

/// <summary>logprobs and top_logprobs through the OpenAI .NET SDK, streaming and not, and the legacy completion layout.</summary>
[Collection(SiloCollection.Name)]
public sealed class LogProbsTests(SiloFixture fixture)
{
    private readonly ChatClient _chat = fixture.Silo.ChatClient(SiloFixture.ModelId);

    [Fact]
    public async Task CompleteChat_GreedyWithTopLogProbs_EachTokenIsItsBestAlternativeAndBytesSpellTheText()
    {
        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("Hello")], Options(temperature: 0f, seed: null));

        var tokens = completion.ContentTokenLogProbabilities;
        Assert.Equal(6, tokens.Count);
        foreach (var token in tokens)
        {
            Assert.Equal(3, token.TopLogProbabilities.Count);
            Assert.Equal((token.Token, token.LogProbability), (token.TopLogProbabilities[0].Token, token.TopLogProbabilities[0].LogProbability));
            Assert.True(token.TopLogProbabilities[0].LogProbability >= token.TopLogProbabilities[1].LogProbability);
            Assert.True(token.TopLogProbabilities[1].LogProbability >= token.TopLogProbabilities[2].LogProbability);
            Assert.InRange(token.LogProbability, float.NegativeInfinity, 0f);
        }

        Assert.Equal(Encoding.UTF8.GetBytes(completion.Content[0].Text), tokens.SelectMany(token => token.Utf8Bytes!.Value.ToArray()).ToArray());
    }

    [Fact]
    public async Task CompleteChatStreaming_SeededWithLogProbs_SameEntriesAsNonStreaming()
    {
        ChatCompletion whole = await _chat.CompleteChatAsync([new UserChatMessage("Stream")], Options(temperature: 1f, seed: 77));
        var streamed = new List<ChatTokenLogProbabilityDetails>();
        await foreach (var update in _chat.CompleteChatStreamingAsync([new UserChatMessage("Stream")], Options(temperature: 1f, seed: 77)))
        {
            streamed.AddRange(update.ContentTokenLogProbabilities);
        }

        // The second run reuses the prompt's KV from the first: logits may differ in the last float digits.
        Assert.Equal(whole.ContentTokenLogProbabilities.Select(t => t.Token), streamed.Select(t => t.Token));
        Assert.All(whole.ContentTokenLogProbabilities.Zip(streamed), pair => Assert.Equal(pair.First.LogProbability, pair.Second.LogProbability, 0.001f));
        Assert.Equal(6, streamed.Count);
    }

    [Fact]
    public async Task CreateCompletion_LogProbsTwo_LegacyLayoutWithOffsets()
    {
        using var response = await fixture.Silo.Http.PostAsync("/v1/completions", Generate.Completion("Once", """{"max_tokens":5,"temperature":0,"ignore_eos":true,"logprobs":2}"""));
        var choice = (await response.ReadJsonAsync()).GetProperty("choices")[0];

        var logprobs = choice.GetProperty("logprobs");
        var tokens = logprobs.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
        Assert.Equal(5, tokens.Count);
        Assert.Equal(choice.GetProperty("text").GetString(), string.Concat(tokens));
        var offsets = logprobs.GetProperty("text_offset").EnumerateArray().Select(o => o.GetInt32());
        Assert.Equal(tokens.Select((_, i) => tokens.Take(i).Sum(t => t.Length)), offsets);
        var top = logprobs.GetProperty("top_logprobs").EnumerateArray().ToList();
        Assert.All(top, entries => Assert.Equal(2, entries.EnumerateObject().Count()));
        Assert.Equal(logprobs.GetProperty("token_logprobs").EnumerateArray().Select(p => p.GetSingle()), top.Select(entries => entries.EnumerateObject().Max(e => e.Value.GetSingle())));
    }

    [Theory]
    [InlineData("/v1/chat/completions", """{"model":"tiny","messages":[{"role":"user","content":"x"}],"logprobs":true,"top_logprobs":21}""", "top_logprobs")]
    [InlineData("/v1/chat/completions", """{"model":"tiny","messages":[{"role":"user","content":"x"}],"top_logprobs":2}""", "top_logprobs")]
    [InlineData("/v1/completions", """{"model":"tiny","prompt":"x","logprobs":6}""", "logprobs")]
    public async Task Create_LogProbsOutOfRange_400WithParam(string path, string body, string param)
    {
        using var response = await fixture.Silo.Http.PostAsync(path, body);

        await response.AssertErrorAsync(HttpStatusCode.BadRequest, param, null);
    }

    private static ChatCompletionOptions Options(float temperature, long? seed)
    {
        var options = new ChatCompletionOptions { Temperature = temperature, Seed = seed, MaxOutputTokenCount = 6, IncludeLogProbabilities = true, TopLogProbabilityCount = 3 };
        options.Patch.Set("$.ignore_eos"u8, true);
        return options;
    }
}
