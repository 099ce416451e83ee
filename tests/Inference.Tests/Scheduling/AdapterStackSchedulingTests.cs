using Cluster.Inference.Generation;
using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Sampling;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Scheduling;

/// <summary>Per-sequence adapters in the scheduler: the stack follows adapters loaded and forgotten while requests run.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class AdapterStackSchedulingTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task TrySubmit_AdapterLoadedAndForgottenWhileAnotherAdaptersRequestRuns_EveryOutputEqualsItsOutputAlone()
    {
        var path = Path.Combine(fixture.Folder, "lora-runtime.gguf");
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 9, 4, 4f, path), CancellationToken.None);
        await using var scheduler = new BatchScheduler(fixture.Model, new BatchSchedulerOptions
        {
            Sequences = 4,
            ContextPerSequence = 128,
            StepTokenBudget = 64,
        }, NullLogger.Instance);
        var longA = Request(fixture.AdapterA, maxTokens: 40);
        var aAlone = await Generate.CollectAsync(scheduler, longA);
        using (var loaded = LoraAdapter.Load(fixture.Model, "runtime", path))
        {
            var runtimeAlone = await Generate.CollectAsync(scheduler, Request(loaded, maxTokens: 10));
            Assert.Equal(2, scheduler.StackedAdapterCount);
            await scheduler.ForgetAdapterAsync(loaded);
            Assert.Equal(1, scheduler.StackedAdapterCount);

            // A's request is under way (its first token is out) when the new adapter joins the stack and when it leaves it
            Assert.True(scheduler.TrySubmit(longA, CancellationToken.None, out var stream));
            await using var chunks = stream.GetAsyncEnumerator();
            var tokens = new List<int>();
            Assert.True(await chunks.MoveNextAsync());
            tokens.AddRange(chunks.Current.Tokens.Select(token => token.Value));
            var runtime = await Generate.CollectAsync(scheduler, Request(loaded, maxTokens: 10));
            Assert.Equal(2, scheduler.StackedAdapterCount);
            await scheduler.ForgetAdapterAsync(loaded);
            Assert.Equal(1, scheduler.StackedAdapterCount);
            while (await chunks.MoveNextAsync())
            {
                tokens.AddRange(chunks.Current.Tokens.Select(token => token.Value));
            }

            Assert.Equal(runtimeAlone.TokenIds, runtime.TokenIds);
            Assert.Equal(aAlone.TokenIds, tokens);
            Assert.Equal(0, scheduler.AdapterSwitches);
        }
    }

    [Fact]
    public async Task StackAdaptersAsync_BeforeAnyRequest_RequestsOfBothAdaptersBuildNoOtherStack()
    {
        await using var scheduler = new BatchScheduler(fixture.Model, new BatchSchedulerOptions
        {
            Sequences = 4,
            ContextPerSequence = 128,
            StepTokenBudget = 64,
        }, NullLogger.Instance);

        Assert.True(await scheduler.StackAdaptersAsync([fixture.AdapterA, fixture.AdapterB]));
        Assert.Equal(2, scheduler.StackedAdapterCount);
        Assert.Equal(1, scheduler.AdapterRestacks);

        var outputs = await Task.WhenAll(Generate.CollectAsync(scheduler, Request(fixture.AdapterA, maxTokens: 8)), Generate.CollectAsync(scheduler, Request(fixture.AdapterB, maxTokens: 8)));
        Assert.All(outputs, output => Assert.Equal(8, output.TokenIds.Length));
        Assert.True(await scheduler.StackAdaptersAsync([fixture.AdapterB, fixture.AdapterA]));
        Assert.Equal(1, scheduler.AdapterRestacks);
        Assert.Equal(0, scheduler.AdapterSwitches);
    }

    private GenerationRequest Request(LoraAdapter? adapter, int maxTokens) => new()
    {
        Prompt = fixture.Model.Vocabulary.Tokenize("Once upon a time", addSpecial: true, parseSpecial: false),
        Sampling = SamplingOptions.Greedy,
        MaxTokens = maxTokens,
        IgnoreEos = true,
        Adapter = adapter,
    };
}
