using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Scheduling;

/// <summary>Requests of several choices (OpenAI n): one prefill, the KV copied to the other choices' sequences.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ChoicesTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task TrySubmit_ThreeSeededChoices_ChoiceIEqualsOneChoiceSeededSeedPlusI()
    {
        // Without prefix reuse every request prefills its whole prompt as the first choice does, so the rows are the same.
        await using var scheduler = Scheduler(sequences: 4, prefixReuse: false);
        var request = Request("Once upon a time there was", 12) with { Sampling = Seeded(100), Choices = 3 };

        var choices = await CollectChoicesAsync(scheduler, request);
        var alone = new List<GenerationOutput>();
        for (var i = 0; i < 3; i++)
        {
            alone.Add(await Generate.CollectAsync(scheduler, request with { Sampling = Seeded(100 + (uint)i), Choices = 1 }));
        }

        Assert.Equal(alone.Select(output => output.TokenIds), choices.Select(output => output.TokenIds));
        Assert.Equal(3, choices.Select(output => string.Join(',', output.TokenIds)).Distinct().Count());
        Assert.All(choices, output => Assert.Equal((request.Prompt.Count, 12, FinishReason.Length),
            (output.Summary.PromptTokens, output.Summary.CompletionTokens, output.Summary.FinishReason)));
        Assert.Equal(0, choices[0].Summary.CachedPromptTokens);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task TrySubmit_GreedyChoices_EveryChoiceEqualsTheOneChoiceAnswer(bool kvUnified)
    {
        await using var scheduler = Scheduler(sequences: 4, kvUnified: kvUnified);
        var request = Request("The capital of France is", 10);
        var busy = Generate.CollectAsync(scheduler, Request("Hello there", 30));

        var choices = await CollectChoicesAsync(scheduler, request with { Choices = 3 });
        await busy;
        var alone = await Generate.CollectAsync(scheduler, request);

        Assert.All(choices, output => Assert.Equal(alone.TokenIds, output.TokenIds));
    }

    [Fact]
    public async Task TrySubmit_ChoicesAbandonedMidStream_EverySequenceFreedAndKvConsistent()
    {
        await using var scheduler = Scheduler(sequences: 4);
        for (var round = 0; round < 5; round++)
        {
            using var cancel = new CancellationTokenSource();
            Assert.True(scheduler.TrySubmit(Request("Tell me a long story", 500) with { Choices = 4, Sampling = Seeded(1) }, cancel.Token, out var stream));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var chunk in stream)
                {
                    await cancel.CancelAsync();
                }
            });
        }

        var after = await CollectChoicesAsync(scheduler, Request("Roses are red", 5) with { Choices = 4 });
        Assert.All(after, output => Assert.Equal(5, output.Tokens.Count));
        await Generate.WaitIdleAsync(scheduler);
        Assert.Equal(0, scheduler.Load.Active);
        Assert.All(scheduler.InspectSlots(), slot => Assert.Equal(slot.Resident, slot.KvMaxPosition + 1));
    }

    [Theory]
    [InlineData(5, 8, null, "n is 5, but this model runs at most 4 sequences at once (Scheduler:Sequences); ask for at most 4")]
    [InlineData(3, 2, null, "n is 3; this server answers at most 2 choices per request (Scheduler:MaxChoices)")]
    [InlineData(0, 8, null, "n is 0; it must be at least 1")]
    [InlineData(2, 8, "session", "a session holds one conversation, so its turns take n = 1")]
    public async Task Validate_ChoicesBeyondLimits_ErrorNamingN(int choices, int maxChoices, string? session, string message)
    {
        await using var scheduler = Scheduler(sequences: 4, maxChoices: maxChoices);

        var error = scheduler.Validate(Request("Hi", 4) with { Choices = choices, SessionKey = session });

        Assert.Equal(("n", message), (error?.Parameter, error?.Message));
    }

    [Fact]
    public async Task Validate_ChoicesWithBackendSampling_ErrorNamingTheSetting()
    {
        await using var scheduler = Scheduler(sequences: 4, backendSampling: true);

        var error = scheduler.Validate(Request("Hi", 4) with { Choices = 2 });

        Assert.Equal(("n", "n is 2; this model samples on the GPU (Scheduler:BackendSampling), one token per sequence and step, so n must be 1"),
            (error?.Parameter, error?.Message));
    }

    // Top-k keeps the draw among tokens whose weights differ: generated weights make the full row so flat that
    // floating-point noise of a few ulps (what else shares a step) moves a draw over the whole vocabulary to a neighbour.
    private static SamplingOptions Seeded(uint seed) => new() { Temperature = 0.8f, TopP = 0.95f, TopK = 40, Seed = seed };

    // The chunks of each choice, in choice order.
    private static async Task<GenerationOutput[]> CollectChoicesAsync(BatchScheduler scheduler, GenerationRequest request)
    {
        Assert.True(scheduler.TrySubmit(request, CancellationToken.None, out var stream));
        var pieces = Enumerable.Range(0, request.Choices).Select(_ => new List<string>()).ToArray();
        var tokens = Enumerable.Range(0, request.Choices).Select(_ => new List<LlamaToken>()).ToArray();
        var summaries = new GenerationSummary?[request.Choices];
        await foreach (var chunk in stream)
        {
            pieces[chunk.Choice].Add(chunk.Text);
            tokens[chunk.Choice].AddRange(chunk.Tokens);
            summaries[chunk.Choice] ??= chunk.Summary;
        }

        return [.. Enumerable.Range(0, request.Choices).Select(i => new GenerationOutput(pieces[i], tokens[i], summaries[i]!))];
    }

    private BatchScheduler Scheduler(int sequences, bool backendSampling = false, bool kvUnified = false, int maxChoices = 8, bool prefixReuse = true) =>
        new(fixture.Model, new BatchSchedulerOptions
        {
            Sequences = sequences, ContextPerSequence = 256, StepTokenBudget = 64, MicroBatchSize = 64, BackendSampling = backendSampling,
            KvUnified = kvUnified, MaxChoices = maxChoices, PrefixReuse = prefixReuse,
        }, NullLogger.Instance);

    private GenerationRequest Request(string prompt, int maxTokens) => new()
    {
        Prompt = fixture.Model.Vocabulary.Tokenize(prompt, addSpecial: true, parseSpecial: false),
        Sampling = SamplingOptions.Greedy,
        MaxTokens = maxTokens,
        IgnoreEos = true,
    };
}
