using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Scheduling;

[Collection(TinyModelCollection.Name)]
public sealed class BatchSchedulerTests(TinyModelFixture fixture)
{
    private static readonly string[] Prompts =
    [
        "Once upon a time", "The capital of France is", "def fibonacci(n):", "Hello, world", "Äpfel und Birnen",
        "1, 2, 3, 4,", "The quick brown fox", "In the beginning", "SELECT * FROM", "Dear Sir or Madam",
        "нещо на Български", "Roses are red", "To be or not to be", "import numpy as np", "The weather today", "山田さん",
    ];

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public async Task TrySubmit_SixteenConcurrentGreedyRequests_EachEqualsItsSequentialResult(bool backendSampling, bool kvUnified)
    {
        var expected = new List<int[]>();
        using (var generator = new TextGenerator(fixture.Model, new LlamaContextOptions { ContextSize = 256, BatchSize = 64, MicroBatchSize = 64 }))
        {
            foreach (var prompt in Prompts)
            {
                expected.Add((await Generate.CollectAsync(generator, Request(prompt, 12))).TokenIds);
            }
        }

        await using var scheduler = Scheduler(sequences: 16, budget: 64, backendSampling: backendSampling, kvUnified: kvUnified);
        var outputs = await Task.WhenAll(Prompts.Select(prompt => Generate.CollectAsync(scheduler, Request(prompt, 12))));

        for (var i = 0; i < Prompts.Length; i++)
        {
            Assert.Equal(expected[i], outputs[i].TokenIds);
            Assert.Equal(FinishReason.Length, outputs[i].Summary.FinishReason);
        }
    }

    [Fact]
    public async Task TrySubmit_PromptLongerThanStepBudget_PrefilledInChunksWithSameOutput()
    {
        var longPrompt = string.Join(' ', Enumerable.Repeat("the cat sat on the mat and looked around", 20));
        var request = Request(longPrompt, 8);
        Assert.True(request.Prompt.Count > 150);
        using var generator = new TextGenerator(fixture.Model, new LlamaContextOptions { ContextSize = 512, BatchSize = 512, MicroBatchSize = 512 });
        var expected = await Generate.CollectAsync(generator, request);

        await using var scheduler = Scheduler(sequences: 2, budget: 32, context: 512);
        var running = Generate.CollectAsync(scheduler, Request("Hello there", 40));
        var chunked = await Generate.CollectAsync(scheduler, request);
        await running;

        Assert.Equal(expected.TokenIds, chunked.TokenIds);
    }

    [Fact]
    public async Task TrySubmit_HundredsOfAbortedStreams_NoSlotOrKvLeak()
    {
        await using var scheduler = Scheduler(sequences: 4, budget: 64, queue: 512);
        for (var round = 0; round < 300; round += 20)
        {
            var aborted = Enumerable.Range(round, 20).Select(async i =>
            {
                using var cancel = new CancellationTokenSource();
                Assert.True(scheduler.TrySubmit(Request(Prompts[i % Prompts.Length], 500), cancel.Token, out var stream));
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
                {
                    await foreach (var chunk in stream)
                    {
                        await cancel.CancelAsync();
                    }
                });
            });
            await Task.WhenAll(aborted);
        }

        // All four slots still serve at once, and every slot's KV holds exactly the tokens it claims.
        var after = await Task.WhenAll(Prompts[..4].Select(prompt => Generate.CollectAsync(scheduler, Request(prompt, 5))));
        Assert.All(after, output => Assert.Equal(5, output.Tokens.Count));
        await Generate.WaitIdleAsync(scheduler);
        var load = scheduler.Load;
        Assert.Equal(0, load.Active);
        Assert.Equal(0, load.Queued);
        Assert.All(scheduler.InspectSlots(), slot =>
        {
            Assert.Equal(slot.Resident, slot.KvMaxPosition + 1);
            Assert.Equal(slot.Resident == 0 ? -1 : 0, slot.KvMinPosition);
        });
        Assert.Equal(scheduler.InspectSlots().Sum(slot => (long)slot.Resident), load.KvTokensUsed);
    }

    [Fact]
    public async Task TrySubmit_SharedPrefix_ReusesKvAndReportsCachedTokens()
    {
        await using var scheduler = Scheduler(sequences: 2, budget: 64);
        var first = Request("You are a helpful assistant. Tell me a story about a dragon", 6);
        var firstOutput = await Generate.CollectAsync(scheduler, first);
        Assert.Equal(0, firstOutput.Summary.CachedPromptTokens);

        var again = await Generate.CollectAsync(scheduler, first);
        Assert.Equal(first.Prompt.Count - 1, again.Summary.CachedPromptTokens);
        Assert.Equal(firstOutput.TokenIds, again.TokenIds);

        var extended = first with { Prompt = [.. first.Prompt, .. firstOutput.Tokens, .. Tokens(" and then?")] };
        var extendedOutput = await Generate.CollectAsync(scheduler, extended);
        Assert.Equal(first.Prompt.Count + firstOutput.Tokens.Count - 1, extendedOutput.Summary.CachedPromptTokens);
        using var generator = new TextGenerator(fixture.Model, new LlamaContextOptions { ContextSize = 256, BatchSize = 64, MicroBatchSize = 64 });
        Assert.Equal((await Generate.CollectAsync(generator, extended)).TokenIds, extendedOutput.TokenIds);
    }

    [Fact]
    public async Task TrySubmit_QueueFull_Refused()
    {
        await using var scheduler = Scheduler(sequences: 1, budget: 64, queue: 2);
        using var cancel = new CancellationTokenSource();
        Assert.True(scheduler.TrySubmit(Request("Long story", 200), cancel.Token, out var running));
        await using var reader = running.GetAsyncEnumerator();
        Assert.True(await reader.MoveNextAsync()); // the only slot is busy from here on

        var answers = Enumerable.Range(0, 5).Select(i => scheduler.TrySubmit(Request("Another", 4), cancel.Token, out _)).ToArray();

        Assert.Equal([true, true, false, false, false], answers);
        Assert.Equal(2, scheduler.Load.Queued);
        await cancel.CancelAsync();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public async Task TrySubmit_SeededHostSampling_SameSeedSameTokensAcrossBatches(int topK)
    {
        await using var scheduler = Scheduler(sequences: 4, budget: 64, backendSampling: false);
        var request = Request("Once upon a time", 16) with { Sampling = Seeded(topK) };

        var alone = await Generate.CollectAsync(scheduler, request);
        var together = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Generate.CollectAsync(scheduler, request)));

        Assert.All(together, output => Assert.Equal(alone.TokenIds, output.TokenIds));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    public async Task TrySubmit_SeededBackendSampling_SameSeedSameTokensForTheSameBatch(int topK)
    {
        // llama.cpp's backend samplers give the same draw only for the same batch shape: on some CPU builds a step
        // with one output row samples differently from a step with several, so a seed repeats within a shape.
        var request = Request("Once upon a time", 16) with { Sampling = Seeded(topK) };
        await using var first = Scheduler(sequences: 4, budget: 64, backendSampling: true);
        await using var second = Scheduler(sequences: 4, budget: 64, backendSampling: true);

        var alone = await Generate.CollectAsync(first, request);
        var aloneAgain = await Generate.CollectAsync(second, request);
        var aloneFromCache = await Generate.CollectAsync(first, request);
        var together = await FourAdmittedInOneStepAsync(first, request);
        var togetherAgain = await FourAdmittedInOneStepAsync(second, request);

        Assert.Equal(0, alone.Summary.CachedPromptTokens);
        Assert.Equal(request.Prompt.Count - 1, aloneFromCache.Summary.CachedPromptTokens);
        Assert.Equal(alone.TokenIds, aloneAgain.TokenIds);
        Assert.Equal(alone.TokenIds, aloneFromCache.TokenIds);
        Assert.All(together.Concat(togetherAgain), output => Assert.Equal(together[0].TokenIds, output.TokenIds));
    }

    [Fact]
    public async Task TrySubmit_IdleSlotBetweenBusyOnes_PaddedAndLeftExactlyAsItWas()
    {
        // Slots 0 and 2 decode while slot 1, finished, sits between them: each step pads slot 1 with a throwaway
        // token so the batch is one run of sequences, and takes it out again after the step.
        var requests = new[] { Request(Prompts[0], 40), Request(Prompts[1], 2), Request(Prompts[2], 40) };
        var expected = new List<int[]>();
        using (var generator = new TextGenerator(fixture.Model, new LlamaContextOptions { ContextSize = 256, BatchSize = 64, MicroBatchSize = 64 }))
        {
            foreach (var request in requests)
            {
                expected.Add((await Generate.CollectAsync(generator, request)).TokenIds);
            }
        }

        await using var scheduler = Scheduler(sequences: 3, budget: 64, backendSampling: false);
        var outputs = await Task.WhenAll(requests.Select(request => Generate.CollectAsync(scheduler, request)));

        Assert.Equal(expected, outputs.Select(output => output.TokenIds));
        Assert.Equal([requests[0].Prompt.Count + 40, requests[1].Prompt.Count + 2, requests[2].Prompt.Count + 40], scheduler.InspectSlots().Select(slot => slot.Resident + 1));
        Assert.All(scheduler.InspectSlots(), slot => Assert.Equal(slot.Resident, slot.KvMaxPosition + 1));
        var again = await Generate.CollectAsync(scheduler, requests[1]);
        Assert.Equal(requests[1].Prompt.Count - 1, again.Summary.CachedPromptTokens);
        Assert.Equal(expected[1], again.TokenIds);
    }

    [Fact]
    public async Task TrySubmit_NeighbouringPromptsOfUnequalLength_PrefilledInOneMicroBatchWithSameOutputs()
    {
        // Four prompts admitted in one step land in slots 0-3. Unevened, llama.cpp would split their chunks into four
        // micro-batches (the shortest, then the rest of the others one length at a time); padded to the longest, one.
        string[] texts =
        [
            "The old lighthouse keeper climbed the stairs every night",
            "The old lighthouse keeper climbed the stairs every night to light the lamp",
            "The old lighthouse keeper climbed the stairs",
            "The old lighthouse keeper climbed the stairs every night to light the lamp for ships",
        ];
        var requests = texts.Select(text => Request(text, 6)).ToArray();
        Assert.Equal(4, requests.Select(request => request.Prompt.Count).Distinct().Count());
        var expected = new List<int[]>();
        using (var generator = new TextGenerator(fixture.Model, new LlamaContextOptions { ContextSize = 256, BatchSize = 64, MicroBatchSize = 64 }))
        {
            foreach (var request in requests)
            {
                expected.Add((await Generate.CollectAsync(generator, request)).TokenIds);
            }
        }

        await using var scheduler = Scheduler(sequences: 4, budget: 256, backendSampling: false);
        using var hold = new ManualResetEventSlim();
        var held = scheduler.RunOnLoopAsync(() => hold.Wait(TimeSpan.FromSeconds(30)));
        var outputs = requests.Select(request => Generate.CollectAsync(scheduler, request)).ToArray();
        hold.Set();
        Assert.True(await held);

        Assert.Equal(expected, (await Task.WhenAll(outputs)).Select(output => output.TokenIds));
        Assert.Equal(1 + 5, scheduler.MicroBatches); // the prompts, then five decode steps of the four together
        Assert.Equal(requests.Select(request => request.Prompt.Count + 5), scheduler.InspectSlots().Select(slot => slot.Resident));
        Assert.All(scheduler.InspectSlots(), slot => Assert.Equal(slot.Resident, slot.KvMaxPosition + 1));
    }

    private static SamplingOptions Seeded(int topK) => new() { Temperature = 0.8f, TopP = 0.95f, TopK = topK, Seed = 77 };

    private static async Task<GenerationOutput[]> FourAdmittedInOneStepAsync(BatchScheduler scheduler, GenerationRequest request)
    {
        using var hold = new ManualResetEventSlim();
        var held = scheduler.RunOnLoopAsync(() => hold.Wait(TimeSpan.FromSeconds(30)));
        var outputs = Enumerable.Range(0, 4).Select(_ => Generate.CollectAsync(scheduler, request)).ToArray();
        hold.Set();
        Assert.True(await held);
        return await Task.WhenAll(outputs);
    }

    private BatchScheduler Scheduler(int sequences, int budget, int context = 256, int queue = 64, bool backendSampling = true, bool kvUnified = false) =>
        new(fixture.Model, new BatchSchedulerOptions
        {
            Sequences = sequences,
            ContextPerSequence = context,
            StepTokenBudget = budget,
            QueueCapacity = queue,
            BackendSampling = backendSampling,
            KvUnified = kvUnified,
        }, NullLogger.Instance);

    private GenerationRequest Request(string prompt, int maxTokens) => new()
    {
        Prompt = Tokens(prompt, addSpecial: true),
        Sampling = SamplingOptions.Greedy,
        MaxTokens = maxTokens,
        IgnoreEos = true,
    };

    private LlamaToken[] Tokens(string text, bool addSpecial = false) => fixture.Model.Vocabulary.Tokenize(text, addSpecial, parseSpecial: false);
}
