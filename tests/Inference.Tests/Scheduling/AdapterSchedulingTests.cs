using Cluster.Inference.Generation;
using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Scheduling;

[Collection(TinyModelCollection.Name)]
public sealed class AdapterSchedulingTests(TinyModelFixture fixture)
{
    private static readonly string[] Prompts = ["Once upon a time", "The capital of France is"];

    [Theory]
    [InlineData(false, null, true)]
    [InlineData(true, null, true)]
    [InlineData(false, 1234U, true)]
    [InlineData(false, null, false)]
    public async Task TrySubmit_TwoAdaptersAndBaseAtOnce_EachEqualsItsOutputAlone(bool backendSampling, uint? seed, bool perSequenceAdapters)
    {
        LoraAdapter?[] adapters = [null, fixture.AdapterA, fixture.AdapterB];
        var requests = adapters.SelectMany(adapter => Prompts.Select(prompt => Request(prompt, adapter, seed))).ToList();
        await using var scheduler = Scheduler(sequences: 8, backendSampling, perSequenceAdapters);
        var alone = new List<int[]>();
        foreach (var request in requests)
        {
            alone.Add((await Generate.CollectAsync(scheduler, request)).TokenIds);
        }

        var together = await Task.WhenAll(requests.Select(request => Generate.CollectAsync(scheduler, request)));

        Assert.Equal(alone, together.Select(output => output.TokenIds));
        if (perSequenceAdapters)
        {
            // one step decodes several adapters' sequences, and the context's adapter never changes
            Assert.Equal(0, scheduler.AdapterSwitches);
            Assert.True(scheduler.MixedAdapterSteps >= 1, $"{scheduler.MixedAdapterSteps} steps mixed adapters");
        }
        else
        {
            Assert.Equal(0, scheduler.MixedAdapterSteps);
            Assert.True(scheduler.AdapterSwitches >= 3, $"{scheduler.AdapterSwitches} adapter switches");
        }
    }

    [Theory]
    [InlineData(1, 20)]
    [InlineData(4, 6)]
    [InlineData(16, 2)]
    public async Task TrySubmit_TwoAdaptersAtOnce_SwitchOncePerTurnOfSteps(int stepsPerTurn, int switches)
    {
        // Each request takes 10 steps (the prefill step gives its first token, then 9 decodes); the context starts on no
        // adapter, so the first turn is a switch too: turns of 1 step alternate 20 times, of 4 steps 3 + 3 times, of 16 once each.
        await using var scheduler = Scheduler(sequences: 4, backendSampling: false, perSequenceAdapters: false, stepsPerTurn);
        var first = Generate.CollectAsync(scheduler, Request(Prompts[0], fixture.AdapterA, seed: null));
        var second = Generate.CollectAsync(scheduler, Request(Prompts[0], fixture.AdapterB, seed: null));

        var outputs = await Task.WhenAll(first, second);

        Assert.All(outputs, output => Assert.Equal(10, output.TokenIds.Length));
        Assert.Equal(switches, scheduler.AdapterSwitches);
    }

    [Fact]
    public async Task TrySubmit_AdapterRequest_DiffersFromBaseAndOtherAdapter()
    {
        await using var scheduler = Scheduler(sequences: 4, backendSampling: false);

        var base_ = await Generate.CollectAsync(scheduler, Request(Prompts[0], null, null));
        var a = await Generate.CollectAsync(scheduler, Request(Prompts[0], fixture.AdapterA, null));
        var b = await Generate.CollectAsync(scheduler, Request(Prompts[0], fixture.AdapterB, null));

        Assert.NotEqual(base_.TokenIds, a.TokenIds);
        Assert.NotEqual(base_.TokenIds, b.TokenIds);
        Assert.NotEqual(a.TokenIds, b.TokenIds);
    }

    [Fact]
    public async Task TrySubmit_SamePromptUnderAnotherAdapter_DoesNotReuseTheSlotsKv()
    {
        await using var scheduler = Scheduler(sequences: 1, backendSampling: false);
        var expected = await Generate.CollectAsync(scheduler, Request(Prompts[1], fixture.AdapterA, null));
        await Generate.CollectAsync(scheduler, Request(Prompts[1], null, null));

        var again = await Generate.CollectAsync(scheduler, Request(Prompts[1], fixture.AdapterA, null));

        Assert.Equal(expected.TokenIds, again.TokenIds);
        Assert.Equal(0, again.Summary.CachedPromptTokens);
    }

    [Fact]
    public async Task TrySubmit_SessionTurnsUnderAnAdapter_ReuseTheirKvAndMatchAStatelessRun()
    {
        await using var scheduler = Scheduler(sequences: 2, backendSampling: false);
        var first = Request(Prompts[0], fixture.AdapterA, null) with { SessionKey = "s" };
        var answer = await Generate.CollectAsync(scheduler, first);
        LlamaToken[] history = [.. first.Prompt, .. answer.Tokens, .. fixture.Model.Vocabulary.Tokenize(" and then", addSpecial: false, parseSpecial: false)];

        var second = await Generate.CollectAsync(scheduler, Request(Prompts[0], fixture.AdapterA, null) with { Prompt = history, SessionKey = "s" });
        await using var fresh = Scheduler(sequences: 1, backendSampling: false);
        var stateless = await Generate.CollectAsync(fresh, Request(Prompts[0], fixture.AdapterA, null) with { Prompt = history });

        Assert.Equal(stateless.TokenIds, second.TokenIds);
        Assert.Equal(first.Prompt.Count + answer.Tokens.Count, second.Summary.CachedPromptTokens);
    }

    [Fact]
    public async Task ForgetAdapterAsync_AdapterInAnIdleSlot_ClearsTheSlot()
    {
        using var adapter = LoraAdapter.Load(fixture.Model, "c", fixture.AdapterPath("a"));
        await using var scheduler = Scheduler(sequences: 1, backendSampling: false);
        await Generate.CollectAsync(scheduler, Request(Prompts[0], adapter, null));

        await scheduler.ForgetAdapterAsync(adapter);

        Assert.Equal([(0, -1, -1)], scheduler.InspectSlots());
    }

    [Fact]
    public void Load_ModelFileAsAdapter_FailsNamingItsType()
    {
        var error = Assert.Throws<LoraAdapterLoadException>(() => LoraAdapter.Load(fixture.Model, "x", fixture.ModelPath));

        Assert.Equal($"cannot load LoRA adapter '{fixture.ModelPath}': not a LoRA adapter (general.type is 'model', adapter.type is 'none'; a LoRA adapter has 'adapter' and 'lora')",
            error.Message);
    }

    [Fact]
    public async Task Load_AdapterOfAnotherShape_FailsSayingLlamaCppRefusedIt()
    {
        var path = Path.Combine(fixture.Folder, "lora-wide.gguf");
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny with { EmbeddingLength = 128 }, 9, 4, 4f, path), CancellationToken.None);

        var error = Assert.Throws<LoraAdapterLoadException>(() => LoraAdapter.Load(fixture.Model, "wide", path));

        Assert.StartsWith($"cannot load LoRA adapter '{path}': llama.cpp refused it", error.Message);
    }

    [Fact]
    public void Load_MissingFile_FailsSayingSo()
    {
        var path = Path.Combine(fixture.Folder, "absent.gguf");

        var error = Assert.Throws<LoraAdapterLoadException>(() => LoraAdapter.Load(fixture.Model, "absent", path));

        Assert.Equal($"cannot load LoRA adapter '{path}': file not found", error.Message);
    }

    private BatchScheduler Scheduler(int sequences, bool backendSampling, bool perSequenceAdapters = true, int adapterStepsPerTurn = 16) =>
        new(fixture.Model, new BatchSchedulerOptions
        {
            Sequences = sequences,
            ContextPerSequence = 128,
            StepTokenBudget = 64,
            BackendSampling = backendSampling,
            AdapterStepsPerTurn = adapterStepsPerTurn,
            PerSequenceAdapters = perSequenceAdapters,
        }, NullLogger.Instance);

    private GenerationRequest Request(string prompt, LoraAdapter? adapter, uint? seed) => new()
    {
        Prompt = fixture.Model.Vocabulary.Tokenize(prompt, addSpecial: true, parseSpecial: false),
        Sampling = seed is null ? SamplingOptions.Greedy : new SamplingOptions { Temperature = 0.9f, TopP = 0.95f, Seed = seed },
        MaxTokens = 10,
        IgnoreEos = true,
        Adapter = adapter,
    };
}
