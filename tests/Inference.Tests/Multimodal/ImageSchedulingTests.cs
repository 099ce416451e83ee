using Cluster.Inference.Generation;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Sampling;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

using Cluster.Tests.Shared;

namespace Cluster.Inference.Tests.Multimodal;

[Collection(TinyVisionCollection.Name)]
public sealed class ImageSchedulingTests(TinyVisionFixture fixture)
{
    [Fact]
    public async Task TrySubmit_ImageSplitAcrossSteps_SameOutputAsWholeImageInOneStep()
    {
        var request = Request(ImagePrompt("Describe", TestImages.Png(80, 50, 4)), 10);

        await using var whole = Scheduler(sequences: 1, budget: 256);
        var expected = await Generate.CollectAsync(whole, request);
        await using var chunked = Scheduler(sequences: 2, budget: 16);
        var running = Generate.CollectAsync(chunked, Request(fixture.Projector.Tokenize("Hello there", [], true, false), 30));
        var actual = await Generate.CollectAsync(chunked, request);
        await running;

        Assert.Equal(expected.TokenIds, actual.TokenIds);
        Assert.Equal(request.Prompt.Count, actual.Summary.PromptTokens);
    }

    [Fact]
    public async Task TrySubmit_DifferentImagesSameText_DifferentOutputs_SameImageSameSeed_SameOutput()
    {
        await using var scheduler = Scheduler(sequences: 2, budget: 64);
        var seeded = new SamplingOptions { Temperature = 0.9f, Seed = 7 };
        var cat = Request(ImagePrompt("What is this?", TestImages.Png(64, 64, 5)), 12) with { Sampling = seeded };
        var dog = Request(ImagePrompt("What is this?", TestImages.Png(64, 64, 6)), 12) with { Sampling = seeded };

        var first = await Generate.CollectAsync(scheduler, cat);
        var again = await Generate.CollectAsync(scheduler, cat with { });
        var other = await Generate.CollectAsync(scheduler, dog);

        Assert.Equal(first.TokenIds, again.TokenIds);
        Assert.NotEqual(first.TokenIds, other.TokenIds);
    }

    [Fact]
    public async Task TrySubmit_SameImagePromptAgain_CachedTokensIncludeTheImage()
    {
        await using var scheduler = Scheduler(sequences: 1, budget: 64);
        var projector = fixture.Projector;
        var images = new[] { TestImages.Png(64, 64, 8), TestImages.Jpeg(90, 40, 9) }.Select(bytes => (ReadOnlyMemory<byte>)bytes).ToArray();
        var request = Request(projector.Tokenize($"First {projector.Marker} then {projector.Marker} compare.", images, true, false), 6);
        Assert.Equal(2 * 64, request.Images.Sum(image => image.Count));

        var first = await Generate.CollectAsync(scheduler, request);
        var again = await Generate.CollectAsync(scheduler, request);

        Assert.Equal(0, first.Summary.CachedPromptTokens);
        Assert.Equal(request.Prompt.Count - 1, again.Summary.CachedPromptTokens);
        Assert.Equal(first.TokenIds, again.TokenIds);
    }

    [Fact]
    public async Task Validate_EmbeddingsOfTheWrongWidth_ErrorNamingTheMismatch()
    {
        await using var scheduler = Scheduler(sequences: 1, budget: 64);
        var request = Request(ImagePrompt("Describe", TestImages.Png(64, 64, 4)), 4);
        var image = request.Images[0];
        var broken = request with { Images = [image with { Embeddings = new float[image.Count * 32] }] };

        var error = scheduler.Validate(broken);

        Assert.NotNull(error);
        Assert.Equal($"an image's embeddings hold {image.Count * 32} values, not 64 × 64: the projector does not match the model", error.Message);
    }

    private MultimodalPrompt ImagePrompt(string question, byte[] image) =>
        fixture.Projector.Tokenize($"<|start_header_id|>user<|end_header_id|>\n\n{fixture.Projector.Marker}\n{question}<|eot_id|>", [image], addSpecial: true, parseSpecial: true);

    private static GenerationRequest Request(MultimodalPrompt prompt, int maxTokens) => new()
    {
        Prompt = prompt.Tokens,
        Images = prompt.Images,
        Sampling = SamplingOptions.Greedy,
        MaxTokens = maxTokens,
        IgnoreEos = true,
    };

    private BatchScheduler Scheduler(int sequences, int budget) =>
        new(fixture.Model, new BatchSchedulerOptions
        {
            Sequences = sequences,
            ContextPerSequence = 512,
            StepTokenBudget = budget,
            BackendSampling = true,
        }, NullLogger.Instance);
}
