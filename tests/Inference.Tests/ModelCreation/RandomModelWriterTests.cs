using System.Runtime.InteropServices;
using Cluster.Inference.Gguf;
using Cluster.Inference.ModelCreation;
using Xunit.Abstractions;

namespace Cluster.Inference.Tests.ModelCreation;

public sealed class RandomModelWriterTests(TinyModelFileFixture tiny, ITestOutputHelper output) : IClassFixture<TinyModelFileFixture>
{
    private const long Embd = 64;
    private const long Vocab = 128256;
    private const long Ff = 192;
    private const long KvEmbd = 32;
    private const long Layers = 2;

    // Per layer: q and o [64, 64], k and v [64, 32], gate, up and down 64 x 192; plus the tied embedding.
    private const long WeightElements = (Embd * Vocab) + (Layers * ((2 * Embd * Embd) + (2 * Embd * KvEmbd) + (3 * Embd * Ff)));

    // output_norm plus attn_norm and ffn_norm per layer.
    private const long NormElements = Embd * (1 + (2 * Layers));

    [Fact]
    public void WriteAsync_TinyF16_FileSizeIsDataOffsetPlusTensorSizes()
    {
        // Every tensor's size is a multiple of 32 bytes, so there is no padding between them.
        var dataBytes = (WeightElements * 2) + (NormElements * 4);

        Assert.Equal(16_614_656L, dataBytes);
        Assert.Equal(tiny.File.DataOffset + dataBytes, new FileInfo(tiny.ModelPath).Length);
        output.WriteLine($"tiny F16 model: {new FileInfo(tiny.ModelPath).Length} bytes written in {tiny.WriteTime.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public void WriteAsync_TinyF16_WritesExactHyperparameters()
    {
        var m = tiny.File.Metadata;

        Assert.Equal("llama", m["general.architecture"].AsString());
        Assert.Equal("cluster-demo-tiny-f16", m["general.name"].AsString());
        Assert.Equal(1u, m["general.file_type"].AsUInt32());
        Assert.Equal(2u, m["general.quantization_version"].AsUInt32());
        Assert.Equal(32u, m["general.alignment"].AsUInt32());
        Assert.Equal(4096u, m["llama.context_length"].AsUInt32());
        Assert.Equal(64u, m["llama.embedding_length"].AsUInt32());
        Assert.Equal(2u, m["llama.block_count"].AsUInt32());
        Assert.Equal(192u, m["llama.feed_forward_length"].AsUInt32());
        Assert.Equal(4u, m["llama.attention.head_count"].AsUInt32());
        Assert.Equal(2u, m["llama.attention.head_count_kv"].AsUInt32());
        Assert.Equal(500000f, m["llama.rope.freq_base"].AsFloat32());
        Assert.Equal(16u, m["llama.rope.dimension_count"].AsUInt32());
        Assert.Equal(1e-5f, m["llama.attention.layer_norm_rms_epsilon"].AsFloat32());
        Assert.Equal(128256u, m["llama.vocab_size"].AsUInt32());
        Assert.Equal(23, m.Count);
    }

    [Fact]
    public void WriteAsync_TinyF16_CopiesEveryTokenizerKeyFromVocabulary()
    {
        var expected = tiny.Vocabulary.Metadata.Where(kv => kv.Key.StartsWith("tokenizer.", StringComparison.Ordinal)).ToList();
        var copied = tiny.File.Metadata.Where(kv => kv.Key.StartsWith("tokenizer.", StringComparison.Ordinal) && kv.Key != "tokenizer.chat_template").ToList();

        Assert.Equal(7, expected.Count);
        Assert.Equal(expected.Select(kv => kv.Key), copied.Select(kv => kv.Key));
        Assert.All(expected, kv => Assert.Equal(kv.Value, tiny.File.Metadata[kv.Key]));
        Assert.Equal("gpt2", tiny.File.Metadata["tokenizer.ggml.model"].AsString());
        Assert.Equal("llama-bpe", tiny.File.Metadata["tokenizer.ggml.pre"].AsString());
        Assert.Equal(128256, tiny.File.Metadata["tokenizer.ggml.tokens"].Count);
        Assert.Equal("<|eot_id|>", tiny.File.Metadata["tokenizer.ggml.tokens"].AsArray<string>()[128009]);
        Assert.Equal(280147, tiny.File.Metadata["tokenizer.ggml.merges"].Count);
        Assert.Equal(128000u, tiny.File.Metadata["tokenizer.ggml.bos_token_id"].AsUInt32());
    }

    [Fact]
    public void WriteAsync_TinyF16_HasLlama3ChatTemplate()
    {
        Assert.Equal(LlamaChatTemplates.Llama3, tiny.File.Metadata["tokenizer.chat_template"].AsString());
    }

    [Fact]
    public void WriteAsync_TinyF16_TensorsHaveLlamaCppNamesShapesAndTypes()
    {
        string[] layer = ["attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down"];
        long[][] layerShapes = [[64], [64, 64], [64, 32], [64, 32], [64, 64], [64], [64, 192], [64, 192], [192, 64]];
        var expectedNames = new List<string> { "token_embd.weight", "output_norm.weight" };
        var expectedShapes = new List<long[]> { new long[] { 64, 128256 }, new long[] { 64 } };
        for (var i = 0; i < 2; i++)
        {
            expectedNames.AddRange(layer.Select(t => $"blk.{i}.{t}.weight"));
            expectedShapes.AddRange(layerShapes);
        }

        Assert.Equal(expectedNames, tiny.File.Tensors.Select(t => t.Name));
        Assert.Equal(expectedShapes, tiny.File.Tensors.Select(t => t.Shape.ToArray()));
        Assert.Null(tiny.File.FindTensor("output.weight"));
        Assert.All(tiny.File.Tensors, t => Assert.Equal(t.Shape.Count == 1 ? GgufTensorType.F32 : GgufTensorType.F16, t.Type));
    }

    [Fact]
    public void WriteAsync_TinyF16_NormsAreOnes()
    {
        var norm = tiny.File.ReadTensorBytes(tiny.File.FindTensor("blk.1.ffn_norm.weight")!);

        Assert.Equal(Enumerable.Repeat(1f, 64), MemoryMarshal.Cast<byte, float>(norm).ToArray());
    }

    [Fact]
    public void WriteAsync_TinyF16_WeightsAreUniformWithinScale()
    {
        var values = Halves(tiny.File, "blk.0.ffn_down.weight");

        Assert.Equal(12288, values.Length);
        Assert.All(values, v => Assert.InRange(v, -0.0347f, 0.0347f));
        // A uniform distribution on [-a, a] has mean 0 and standard deviation a / sqrt(3) = 0.02.
        Assert.InRange(values.Average(), -0.001f, 0.001f);
        Assert.InRange(Math.Sqrt(values.Average(v => (double)v * v)), 0.0195, 0.0205);
    }

    [Fact]
    public async Task WriteAsync_SameSeed_WritesIdenticalBytes()
    {
        var again = tiny.Temp("again-42.gguf");

        await new RandomModelWriter().WriteAsync(TinyModelFileFixture.Request(42, again), null, CancellationToken.None);

        var first = await File.ReadAllBytesAsync(tiny.ModelPath);
        var second = await File.ReadAllBytesAsync(again);
        Assert.True(first.AsSpan().SequenceEqual(second));
    }

    [Fact]
    public async Task WriteAsync_DifferentSeed_SameHeaderDifferentWeights()
    {
        var other = tiny.Temp("other-43.gguf");

        await new RandomModelWriter().WriteAsync(TinyModelFileFixture.Request(43, other), null, CancellationToken.None);

        var first = await File.ReadAllBytesAsync(tiny.ModelPath);
        var second = await File.ReadAllBytesAsync(other);
        var dataOffset = (int)tiny.File.DataOffset;
        Assert.Equal(first.Length, second.Length);
        Assert.True(first.AsSpan(0, dataOffset).SequenceEqual(second.AsSpan(0, dataOffset)));
        var otherFile = GgufReader.Read(other);
        Assert.All(
            tiny.File.Tensors.Where(t => t.Shape.Count == 2),
            t => Assert.False(tiny.File.ReadTensorBytes(t).AsSpan().SequenceEqual(otherFile.ReadTensorBytes(otherFile.FindTensor(t.Name)!))));
    }

    [Fact]
    public async Task WriteAsync_TinyQ8_0_QuantisesTheSameWeights()
    {
        var path = tiny.Temp("tiny-q8_0-42.gguf");

        await new RandomModelWriter().WriteAsync(TinyModelFileFixture.Request(42, path, ModelWeightType.Q8_0), null, CancellationToken.None);

        var file = GgufReader.Read(path);
        Assert.Equal(file.DataOffset + (WeightElements / 32 * 34) + (NormElements * 4), new FileInfo(path).Length);
        Assert.Equal(8_827_136L, (WeightElements / 32 * 34) + (NormElements * 4));
        Assert.Equal("cluster-demo-tiny-q8_0", file.Metadata["general.name"].AsString());
        Assert.Equal(7u, file.Metadata["general.file_type"].AsUInt32());
        Assert.Equal(GgufTensorType.Q8_0, file.FindTensor("blk.0.attn_q.weight")!.Type);
        Assert.Equal(GgufTensorType.F32, file.FindTensor("blk.0.attn_norm.weight")!.Type);

        // The same seed draws the same values, so dequantised Q8_0 stays within half a step of the F16 weights.
        var halves = Halves(tiny.File, "blk.1.attn_v.weight");
        var blocks = file.ReadTensorBytes(file.FindTensor("blk.1.attn_v.weight")!);
        for (var b = 0; b < blocks.Length / 34; b++)
        {
            var d = (float)BitConverter.ToHalf(blocks, b * 34);
            for (var i = 0; i < 32; i++)
            {
                var dequantised = d * (sbyte)blocks[(b * 34) + 2 + i];
                Assert.InRange(dequantised - halves[(b * 32) + i], (-d / 2) - 1e-4f, (d / 2) + 1e-4f);
            }
        }
    }

    [Fact]
    public void WriteAsync_Progress_StartsAtZeroAndEndsAtFileSize()
    {
        var size = new FileInfo(tiny.ModelPath).Length;

        Assert.Equal(new ModelCreationProgress(0, size, "token_embd.weight"), tiny.Reports[0]);
        Assert.Equal(new ModelCreationProgress(size, size, string.Empty), tiny.Reports[^1]);
        Assert.All(tiny.Reports, r => Assert.Equal(size, r.TotalBytes));
        Assert.Equal(tiny.Reports.Select(r => r.BytesWritten).Order(), tiny.Reports.Select(r => r.BytesWritten));
    }

    [Fact]
    public async Task WriteAsync_Cancelled_ThrowsAndLeavesNoFile()
    {
        var path = tiny.Temp("cancelled.gguf");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new RandomModelWriter().WriteAsync(TinyModelFileFixture.Request(1, path), null, cancellation.Token));

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public async Task WriteAsync_MissingVocabulary_ThrowsGgufFormatExceptionNamingIt()
    {
        var vocabulary = tiny.Temp("no-vocab.gguf");
        var request = TinyModelFileFixture.Request(1, tiny.Temp("unused.gguf")) with { VocabularyPath = vocabulary };

        var error = await Assert.ThrowsAsync<GgufFormatException>(() => new RandomModelWriter().WriteAsync(request, null, CancellationToken.None));

        Assert.Equal(vocabulary, error.FilePath);
        Assert.Equal("file not found", error.Problem);
    }

    private static float[] Halves(GgufFile file, string tensor) =>
        [.. MemoryMarshal.Cast<byte, Half>(file.ReadTensorBytes(file.FindTensor(tensor)!)).ToArray().Select(h => (float)h)];
}
