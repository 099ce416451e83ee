using System.Text;
using Cluster.Inference.Generation;
using Cluster.Inference.Sampling;
using Cluster.Silo.Tests.Fixtures;
using OpenAI.Chat;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.Apis;

[Collection(SiloCollection.Name)]
public sealed class ChatCompletionsApiTests(SiloFixture fixture)
{
    private readonly ChatClient _chat = fixture.Silo.ChatClient(SiloFixture.ModelId);

    [Fact]
    public void ChatTemplate_Llama3_RendersWithoutBosAndTokenizesWithExactlyOne()
    {
        var rendered = fixture.Reference.ChatTemplate!.Apply([new EngineMessage("user", "Hello")], addAssistant: true);
        var tokens = fixture.ChatPromptTokens(new EngineMessage("user", "Hello"));

        Assert.Equal("<|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n", rendered);
        Assert.Equal(128000, tokens[0].Value);
        Assert.Single(tokens, token => token.Value == 128000);
    }

    [Fact]
    public async Task CompleteChat_MaxTokensWithIgnoreEos_LengthAndExactUsage()
    {
        var options = Greedy(maxTokens: 8);

        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("Hello")], options);

        var promptTokens = fixture.ChatPromptTokens(new EngineMessage("user", "Hello")).Length;
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(ChatMessageRole.Assistant, completion.Role);
        Assert.Equal("tiny", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(promptTokens, completion.Usage.InputTokenCount);
        Assert.Equal(8, completion.Usage.OutputTokenCount);
        Assert.Equal(promptTokens + 8, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task CompleteChat_GreedyWithPenalty_EqualsEngineReference()
    {
        // Greedy output of random weights repeats the last prompt token; a repetition penalty makes it vary.
        var prompt = fixture.ChatPromptTokens(new EngineMessage("user", "Tell me about llamas"));
        using var generator = new TextGenerator(fixture.Reference, new LlamaContextOptions { ContextSize = SiloFixture.ContextPerSequence });
        var expected = new StringBuilder();
        var sampling = SamplingOptions.Greedy with { RepetitionPenalty = 1.5f };
        await foreach (var chunk in generator.GenerateAsync(new GenerationRequest { Prompt = prompt, Sampling = sampling, MaxTokens = 12, IgnoreEos = true }))
        {
            expected.Append(chunk.Text);
        }

        var options = Greedy(maxTokens: 12);
        options.Patch.Set("$.repetition_penalty"u8, 1.5f);
        ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage("Tell me about llamas")], options);

        Assert.Equal(expected.ToString(), completion.Content[0].Text);
        Assert.NotEqual(1, completion.Content[0].Text.Distinct().Count());
    }

    [Fact]
    public async Task CompleteChatStreaming_SameSeed_EqualsNonStreamingWithUsage()
    {
        ChatCompletion whole = await _chat.CompleteChatAsync([new UserChatMessage("Stream this")], Seeded(seed: 11, maxTokens: 10));
        var text = new StringBuilder();
        var updates = new List<StreamingChatCompletionUpdate>();

        await foreach (var update in _chat.CompleteChatStreamingAsync([new UserChatMessage("Stream this")], Seeded(seed: 11, maxTokens: 10)))
        {
            updates.Add(update);
            text.Append(string.Concat(update.ContentUpdate.Select(part => part.Text)));
        }

        Assert.Equal(whole.Content[0].Text, text.ToString());
        Assert.Equal(ChatMessageRole.Assistant, updates[0].Role);
        Assert.Equal(ChatFinishReason.Length, updates.Single(update => update.FinishReason is not null).FinishReason);
        Assert.Equal(whole.Usage.InputTokenCount, updates[^1].Usage.InputTokenCount);
        Assert.Equal(10, updates[^1].Usage.OutputTokenCount);
        Assert.Single(updates.Select(update => update.CompletionId).Distinct());
    }

    [Fact]
    public async Task CompleteChat_SameSeed_SameText()
    {
        ChatCompletion first = await _chat.CompleteChatAsync([new UserChatMessage("Pick a word")], Seeded(seed: 1234, maxTokens: 12));
        ChatCompletion second = await _chat.CompleteChatAsync([new UserChatMessage("Pick a word")], Seeded(seed: 1234, maxTokens: 12));
        ChatCompletion other = await _chat.CompleteChatAsync([new UserChatMessage("Pick a word")], Seeded(seed: 4321, maxTokens: 12));

        Assert.Equal(first.Content[0].Text, second.Content[0].Text);
        Assert.NotEqual(first.Content[0].Text, other.Content[0].Text);
        Assert.Equal(12, second.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_StopString_CutsBeforeItAndFinishesWithStop()
    {
        ChatCompletion free = await _chat.CompleteChatAsync([new UserChatMessage("Say something")], Seeded(seed: 5, maxTokens: 16));
        var text = free.Content[0].Text;
        var stop = text.Substring(text.Length / 2, 2);
        var options = Seeded(seed: 5, maxTokens: 16);
        options.StopSequences.Add(stop);

        ChatCompletion stopped = await _chat.CompleteChatAsync([new UserChatMessage("Say something")], options);

        var expected = text[..text.IndexOf(stop, StringComparison.Ordinal)];
        Assert.NotEmpty(expected);
        Assert.Equal(expected, stopped.Content[0].Text);
        Assert.Equal(ChatFinishReason.Stop, stopped.FinishReason);
    }

    [Fact]
    public async Task CompleteChat_SamePromptTwice_SecondReportsCachedPrefix()
    {
        var message = $"Cache me {Guid.NewGuid():N}";
        var promptTokens = fixture.ChatPromptTokens(new EngineMessage("user", message)).Length;

        await _chat.CompleteChatAsync([new UserChatMessage(message)], Greedy(maxTokens: 2));
        ChatCompletion second = await _chat.CompleteChatAsync([new UserChatMessage(message)], Greedy(maxTokens: 2));

        Assert.Equal(promptTokens, second.Usage.InputTokenCount);
        Assert.Equal(promptTokens - 1, second.Usage.InputTokenDetails.CachedTokenCount);
    }

    [Fact]
    public async Task CompleteChat_TextParts_SameAsJoinedString()
    {
        var parts = ChatMessage.CreateUserMessage(ChatMessageContentPart.CreateTextPart("First"), ChatMessageContentPart.CreateTextPart("second"));

        ChatCompletion fromParts = await _chat.CompleteChatAsync([parts], Seeded(seed: 9, maxTokens: 6));
        ChatCompletion fromString = await _chat.CompleteChatAsync([new UserChatMessage("First\nsecond")], Seeded(seed: 9, maxTokens: 6));

        Assert.Equal(fixture.ChatPromptTokens(new EngineMessage("user", "First\nsecond")).Length, fromParts.Usage.InputTokenCount);
        Assert.Equal(fromString.Content[0].Text, fromParts.Content[0].Text);
    }

    [Fact]
    public async Task CompleteChat_SystemAndDeveloperMessages_RenderedAsSystem()
    {
        ChatCompletion completion = await _chat.CompleteChatAsync([new DeveloperChatMessage("Be brief"), new UserChatMessage("Hi")], Greedy(maxTokens: 3));

        var expected = fixture.ChatPromptTokens(new EngineMessage("system", "Be brief"), new EngineMessage("user", "Hi")).Length;
        Assert.Equal(expected, completion.Usage.InputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_SixteenConcurrentSeeded_EachEqualsItsSequentialResult()
    {
        var seeds = Enumerable.Range(100, 16).ToArray();
        var sequential = new List<string>();
        foreach (var seed in seeds)
        {
            ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage($"Count to {seed}")], Seeded(seed, maxTokens: 8));
            sequential.Add(completion.Content[0].Text);
        }

        var concurrent = await Task.WhenAll(seeds.Select(async seed =>
        {
            ChatCompletion completion = await _chat.CompleteChatAsync([new UserChatMessage($"Count to {seed}")], Seeded(seed, maxTokens: 8));
            return completion.Content[0].Text;
        }));

        Assert.Equal(sequential, concurrent);
        Assert.Equal(16, sequential.Distinct().Count());
    }

    private static ChatCompletionOptions Seeded(long seed, int maxTokens)
    {
        var options = new ChatCompletionOptions { Temperature = 1f, Seed = seed, MaxOutputTokenCount = maxTokens };
        options.Patch.Set("$.ignore_eos"u8, true);
        return options;
    }

    private static ChatCompletionOptions Greedy(int maxTokens)
    {
        var options = new ChatCompletionOptions { Temperature = 0f, MaxOutputTokenCount = maxTokens };
        options.Patch.Set("$.ignore_eos"u8, true);
        return options;
    }
}
