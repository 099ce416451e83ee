using Cluster.Inference.Embedding;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Embedding;

[Collection(TinyModelCollection.Name)]
public sealed class EmbeddingSchedulerTests(TinyModelFixture tiny, EmbeddingModelsFixture models) : IClassFixture<EmbeddingModelsFixture>
{
    private static readonly string[] Texts =
    [
        "The quick brown fox", "jumps over", "the lazy dog", "Hello, world", "Äpfel und Birnen", "SELECT * FROM t", "山田さん", "To be or not to be",
    ];

    [Fact]
    public void PoolingType_CreatedModels_AreReadFromTheGguf()
    {
        Assert.Equal(LlamaPoolingType.Mean, models.Mean.PoolingType);
        Assert.Equal(LlamaPoolingType.Cls, models.Cls.PoolingType);
        Assert.Equal(LlamaPoolingType.None, tiny.Model.PoolingType);
        Assert.True(models.Mean.IsEmbeddingModel);
        Assert.False(tiny.Model.IsEmbeddingModel);
        Assert.Equal("false", models.Mean.GetMetadata("llama.attention.causal"));
    }

    [Fact]
    public async Task TrySubmit_EightInputsFourSequences_TwoDecodesOfUnitVectors()
    {
        await using var scheduler = Scheduler(models.Mean, sequences: 4);
        var vectors = await EmbedAsync(scheduler, Texts);

        Assert.Equal(2, scheduler.Decodes);
        Assert.Equal(8, vectors.Count);
        Assert.All(vectors, vector => Assert.Equal(models.Mean.EmbeddingLength, vector.Length));
        Assert.All(vectors, vector => Assert.Equal(1.0, Norm(vector), 5));
        Assert.Equal(8, vectors.Select(vector => string.Join(',', vector)).Distinct().Count());
    }

    [Theory]
    [InlineData(LlamaPoolingType.Mean)]
    [InlineData(LlamaPoolingType.Cls)]
    public async Task TrySubmit_BatchOfEight_EachEqualsItsVectorAlone(LlamaPoolingType pooling)
    {
        var model = pooling == LlamaPoolingType.Mean ? models.Mean : models.Cls;
        await using var scheduler = Scheduler(model, sequences: 8);
        var batched = await EmbedAsync(scheduler, Texts);
        foreach (var (text, index) in Texts.Select((text, index) => (text, index)))
        {
            AssertClose((await EmbedAsync(scheduler, [text]))[0], batched[index]);
        }

        Assert.Equal(1 + Texts.Length, scheduler.Decodes);
    }

    [Fact]
    public async Task TrySubmit_SameInputTwice_IdenticalVectors()
    {
        await using var scheduler = Scheduler(models.Cls, sequences: 4);
        var first = await EmbedAsync(scheduler, ["same words"]);
        var second = await EmbedAsync(scheduler, ["same words"]);
        Assert.Equal(first[0], second[0]);
    }

    [Fact]
    public async Task TrySubmit_ConcurrentRequests_PackedTogetherAndAnsweredInOrder()
    {
        await using var scheduler = Scheduler(models.Mean, sequences: 8);
        var expected = await EmbedAsync(scheduler, Texts);
        var answers = await Task.WhenAll(Texts.Select(text => EmbedAsync(scheduler, [text])));
        for (var i = 0; i < Texts.Length; i++)
        {
            AssertClose(expected[i], answers[i][0]);
        }
    }

    [Fact]
    public async Task TrySubmit_InputLongerThanContext_Throws()
    {
        await using var scheduler = Scheduler(models.Mean, sequences: 2);
        var tooLong = new LlamaToken[scheduler.MaxInputTokens + 1];
        Assert.Throws<ArgumentException>(() => scheduler.TrySubmit([tooLong], CancellationToken.None, out _));
    }

    [Fact]
    public void Constructor_GenerationModel_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => new EmbeddingScheduler(tiny.Model, new BatchSchedulerOptions(), NullLogger.Instance));
        Assert.Contains("generation model", error.Message, StringComparison.Ordinal);
    }

    private static EmbeddingScheduler Scheduler(LlamaModel model, int sequences) =>
        new(model, new BatchSchedulerOptions { Sequences = sequences, ContextPerSequence = 64, StepTokenBudget = 128, QueueCapacity = 16, Threads = 2 }, NullLogger.Instance);

    private async Task<IReadOnlyList<float[]>> EmbedAsync(EmbeddingScheduler scheduler, IEnumerable<string> texts)
    {
        // Both embedding models carry the same Llama-3 tokenizer.
        var vocabulary = models.Mean.Vocabulary;
        Assert.True(scheduler.TrySubmit([.. texts.Select(text => vocabulary.Tokenize(text, addSpecial: true, parseSpecial: false))], CancellationToken.None, out var vectors));
        return await vectors;
    }

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            // A different batch shape changes llama.cpp's summation order, nothing more.
            Assert.InRange(Math.Abs(expected[i] - actual[i]), 0, 1e-6);
        }
    }

    private static double Norm(float[] vector) => Math.Sqrt(vector.Sum(value => (double)value * value));
}
