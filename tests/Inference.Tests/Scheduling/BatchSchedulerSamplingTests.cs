using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Scheduling;

/// <summary>Where a step's rows are sampled (sampling threads, one row split over them, the GPU for greedy) never changes a token.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class BatchSchedulerSamplingTests(TinyModelFixture fixture)
{
    private static readonly string[] Prompts = ["Once upon a time", "The capital of France is", "def fibonacci(n):", "Hello, world"];

    [Fact]
    public async Task TrySubmit_OneSeededTopPRequestSplitOverFourThreads_SameTokensAsOneThread()
    {
        var request = Request(Prompts[0], new SamplingOptions { Temperature = 0.8f, TopP = 0.95f, Seed = 5 });
        await using var oneThread = Scheduler(samplingThreads: 1);
        await using var fourThreads = Scheduler(samplingThreads: 4);

        var expected = await Generate.CollectAsync(oneThread, request);
        var split = await Generate.CollectAsync(fourThreads, request);

        Assert.Equal(24, expected.TokenIds.Length);
        Assert.Equal(expected.TokenIds, split.TokenIds);
    }

    [Fact]
    public async Task TrySubmit_GreedyOnTheBackendBesideSeededHostRequests_EachEqualsItsHostOnlyResult()
    {
        var requests = Prompts.SelectMany((prompt, i) => new[]
        {
            Request(prompt, SamplingOptions.Greedy),
            Request(prompt, new SamplingOptions { Temperature = 0.8f, TopP = 0.95f, Seed = (uint)i + 1 }),
        }).ToArray();
        await using var host = Scheduler(samplingThreads: 3);
        await using var mixed = Scheduler(samplingThreads: 3, BackendSamplingScope.Greedy);

        var expected = await Task.WhenAll(requests.Select(request => Generate.CollectAsync(host, request)));
        var outputs = await Task.WhenAll(requests.Select(request => Generate.CollectAsync(mixed, request)));

        Assert.Equal(expected.Select(output => output.TokenIds), outputs.Select(output => output.TokenIds));
        Assert.All(outputs, output => Assert.Equal(24, output.TokenIds.Length));
    }

    private BatchScheduler Scheduler(int samplingThreads, BackendSamplingScope onBackend = BackendSamplingScope.None) =>
        new(fixture.Model, new BatchSchedulerOptions
        {
            Sequences = 8,
            ContextPerSequence = 128,
            StepTokenBudget = 64,
            SamplingThreads = samplingThreads,
            BackendSamplingFor = onBackend,
        }, NullLogger.Instance);

    private GenerationRequest Request(string prompt, SamplingOptions sampling) => new()
    {
        Prompt = fixture.Model.Vocabulary.Tokenize(prompt, addSpecial: true, parseSpecial: false),
        Sampling = sampling,
        MaxTokens = 24,
        IgnoreEos = true,
    };
}
