using Cluster.Inference.Generation;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Tests.Fixtures;

namespace Cluster.Inference.Tests.Generation;

/// <summary>Per-sequence adapters (scripts/llama-patches/per-sequence-lora.patch) in the CPU build the tests load.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class LlamaContextAdapterStackTests(TinyModelFixture fixture)
{
    private const float Tolerance = 1e-3f;
    private static readonly LlamaContextOptions Options = new() { ContextSize = 256, BatchSize = 64, MicroBatchSize = 64, Sequences = 3 };

    [Fact]
    public void PerSequenceAdapters_PatchedCpuBuild_Available() => Assert.True(LlamaLibrary.PerSequenceAdapters);

    [Fact]
    public void Decode_BaseAndTwoAdaptersInOneBatch_EachRowEqualsItsSequenceDecodedAloneWithTheContextsAdapter()
    {
        LoraAdapter?[] adapters = [null, fixture.AdapterA, fixture.AdapterB];
        var prompt = fixture.Model.Vocabulary.Tokenize("The quick brown fox jumps over the lazy dog", true, false);
        var alone = adapters.Select(adapter => DecodeAlone(prompt, adapter)).ToList();
        using var context = LlamaContext.Create(fixture.Model, Options);
        using var batch = new TokenBatch(64);
        Assert.True(context.UseAdapterStack([fixture.AdapterA, fixture.AdapterB]));
        for (var sequence = 0; sequence < adapters.Length; sequence++)
        {
            context.SetSequenceAdapter(new LlamaSeqId(sequence), adapters[sequence]);
        }

        // sequences interleaved token by token, so every ubatch row's adapter differs from its neighbours'
        for (var position = 0; position < prompt.Length; position++)
        {
            for (var sequence = adapters.Length - 1; sequence >= 0; sequence--)
            {
                batch.Add(prompt[position], new LlamaPos(position), new LlamaSeqId(sequence), position == prompt.Length - 1);
            }
        }

        Assert.Equal(LlamaDecodeResult.Success, context.Decode(batch));

        var together = adapters.Select((_, sequence) => context.GetLogits(batch.Count - 1 - sequence).ToArray()).ToList();
        // the stack folds alpha/rank into B and pads ranks with zeros: float rounding apart, the same sums
        var differences = alone.Select((expected, sequence) => MaxDifference(expected, together[sequence])).ToList();
        Assert.All(differences, difference => Assert.InRange(difference, 0f, Tolerance));
        Assert.InRange(MaxDifference(alone[0], alone[1]), 100 * Tolerance, float.MaxValue);
        Assert.InRange(MaxDifference(alone[1], alone[2]), 100 * Tolerance, float.MaxValue);
    }

    [Fact]
    public void SetSequenceAdapter_AdapterNotStacked_Throws()
    {
        using var context = LlamaContext.Create(fixture.Model, Options);
        Assert.True(context.UseAdapterStack([fixture.AdapterA]));

        var error = Assert.Throws<ArgumentException>(() => context.SetSequenceAdapter(new LlamaSeqId(0), fixture.AdapterB));

        Assert.StartsWith("adapter 'b' is not in the context's stack", error.Message, StringComparison.Ordinal);
    }

    private static float MaxDifference(float[] x, float[] y) => x.Zip(y, (a, b) => MathF.Abs(a - b)).Max();

    private float[] DecodeAlone(LlamaToken[] prompt, LoraAdapter? adapter)
    {
        using var context = LlamaContext.Create(fixture.Model, Options);
        using var batch = new TokenBatch(64);
        context.UseAdapter(adapter);
        for (var position = 0; position < prompt.Length; position++)
        {
            batch.Add(prompt[position], new LlamaPos(position), new LlamaSeqId(0), position == prompt.Length - 1);
        }

        Assert.Equal(LlamaDecodeResult.Success, context.Decode(batch));
        return context.GetLogits(batch.Count - 1).ToArray();
    }
}
