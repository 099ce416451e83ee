using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Tests.Fixtures;

namespace Cluster.Inference.Tests.Generation;

[Collection(TinyModelCollection.Name)]
public sealed class TextGeneratorTests(TinyModelFixture fixture) : IDisposable
{
    private static readonly LlamaContextOptions Small = new() { ContextSize = 256, BatchSize = 64, MicroBatchSize = 64 };
    private readonly TextGenerator _generator = new(fixture.Model, Small);

    public void Dispose() => _generator.Dispose();

    [Fact]
    public async Task GenerateAsync_SameSeed_IdenticalTokens()
    {
        var request = Request("Once upon a time", new SamplingOptions { Temperature = 0.9f, TopP = 0.95f, TopK = 40, Seed = 1234 }, 24);

        var first = await Generate.CollectAsync(_generator, request);
        var second = await Generate.CollectAsync(_generator, request);
        var otherSeed = await Generate.CollectAsync(_generator, request with { Sampling = request.Sampling with { Seed = 99 } });

        Assert.Equal(24, first.Tokens.Count);
        Assert.Equal(first.TokenIds, second.TokenIds);
        Assert.Equal(first.Text, second.Text);
        Assert.NotEqual(first.TokenIds, otherSeed.TokenIds);
    }

    [Fact]
    public async Task GenerateAsync_TemperatureZero_EachTokenIsArgmaxOfLogits()
    {
        var request = Request("The capital of France is", SamplingOptions.Greedy, 12);
        var output = await Generate.CollectAsync(_generator, request);
        Assert.Equal(12, output.Tokens.Count);

        // Re-evaluate prompt + output in one batch with logits at every position and check each choice independently.
        using var context = LlamaContext.Create(fixture.Model, Small);
        using var batch = new TokenBatch(64);
        var all = request.Prompt.Concat(output.Tokens).ToArray();
        var firstOutput = request.Prompt.Count - 1;
        for (var i = 0; i < all.Length - 1; i++)
        {
            batch.Add(all[i], new LlamaPos(i), new LlamaSeqId(0), wantOutput: i >= firstOutput);
        }

        Assert.Equal(LlamaDecodeResult.Success, context.Decode(batch));
        for (var step = 0; step < output.Tokens.Count; step++)
        {
            var logits = context.GetLogits(firstOutput + step);
            Assert.Equal(ArgMax(logits), output.Tokens[step].Value);
        }
    }

    [Fact]
    public async Task GenerateAsync_MaxTokens_FinishReasonLength()
    {
        var output = await Generate.CollectAsync(_generator, Request("Count:", SamplingOptions.Greedy, 7));

        Assert.Equal(FinishReason.Length, output.Summary.FinishReason);
        Assert.Equal(7, output.Summary.CompletionTokens);
        Assert.Equal(7, output.Tokens.Count);
        Assert.Equal(fixture.Model.Vocabulary.Tokenize("Count:", true, false).Length, output.Summary.PromptTokens);
    }

    [Fact]
    public async Task GenerateAsync_StopStringAcrossTokens_CutsExactlyBeforeIt()
    {
        var request = Request("Write a story about", SamplingOptions.Greedy, 40);
        var reference = await Generate.CollectAsync(_generator, request);
        var (stop, boundary) = StopAcrossBoundary(reference.Pieces);
        var expected = reference.Text[..reference.Text.IndexOf(stop, StringComparison.Ordinal)];

        var stopped = await Generate.CollectAsync(_generator, request with { Stop = ["never-produced-\u2603", stop] });

        Assert.Equal(expected, stopped.Text);
        Assert.Equal(FinishReason.Stop, stopped.Summary.FinishReason);
        Assert.Equal(stop, stopped.Summary.MatchedStop);
        Assert.True(stopped.Tokens.Count <= boundary + 2, $"generation went on past the stop ({stopped.Tokens.Count} tokens)");
        Assert.Equal(reference.TokenIds[..stopped.Tokens.Count], stopped.TokenIds);
    }

    [Fact]
    public async Task GenerateAsync_Cancelled_StopsAndFreesTheGenerator()
    {
        using var cancel = new CancellationTokenSource();
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in _generator.GenerateAsync(Request("Tell me", SamplingOptions.Greedy, 200), cancel.Token))
            {
                if (++received == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.Equal(3, received);
        var after = await Generate.CollectAsync(_generator, Request("Tell me", SamplingOptions.Greedy, 5));
        Assert.Equal(5, after.Tokens.Count);
    }

    [Fact]
    public void Validate_PromptLongerThanContext_ContextLengthExceeded()
    {
        var prompt = Enumerable.Repeat(new LlamaToken(1000), 300).ToArray();

        var error = _generator.Validate(new GenerationRequest { Prompt = prompt });

        Assert.NotNull(error);
        Assert.Equal("context_length_exceeded", error.Code);
        Assert.Equal("This model's maximum context length is 256 tokens. However, your messages resulted in 300 tokens.", error.Message);
    }

    [Theory]
    [InlineData(-0.5f, 1f, "temperature")]
    [InlineData(1f, 0f, "top_p")]
    [InlineData(1f, 1.5f, "top_p")]
    public void Validate_BadSampling_NamesTheParameter(float temperature, float topP, string parameter)
    {
        var request = Request("x", new SamplingOptions { Temperature = temperature, TopP = topP }, 4);

        Assert.Equal(parameter, _generator.Validate(request)?.Parameter);
    }

    [Fact]
    public async Task GenerateAsync_ContextFull_FinishReasonLength()
    {
        var prompt = fixture.Model.Vocabulary.Tokenize("hello", true, false);
        var output = await Generate.CollectAsync(_generator, new GenerationRequest { Prompt = prompt, IgnoreEos = true, Sampling = SamplingOptions.Greedy });

        Assert.Equal(FinishReason.Length, output.Summary.FinishReason);
        Assert.Equal(256 - prompt.Length, output.Summary.CompletionTokens);
    }

    private GenerationRequest Request(string prompt, SamplingOptions sampling, int maxTokens) => new()
    {
        Prompt = fixture.Model.Vocabulary.Tokenize(prompt, addSpecial: true, parseSpecial: false),
        Sampling = sampling,
        MaxTokens = maxTokens,
        IgnoreEos = true,
    };

    private static (string Stop, int Boundary) StopAcrossBoundary(IReadOnlyList<string> pieces)
    {
        for (var i = 2; i < pieces.Count - 1; i++)
        {
            if (pieces[i].Length > 0 && pieces[i + 1].Length > 0)
            {
                return (pieces[i][^1..] + pieces[i + 1][..1], i);
            }
        }

        throw new InvalidOperationException("the reference output has no two adjacent non-empty pieces");
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
