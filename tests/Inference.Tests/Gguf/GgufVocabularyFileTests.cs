using Cluster.Inference.Gguf;

namespace Cluster.Inference.Tests.Gguf;

public sealed class GgufVocabularyFileTests
{
    private static readonly string VocabularyPath = Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf");

    [Fact]
    public void Read_LlamaBpeVocabulary_HasLlama3Tokenizer()
    {
        var file = GgufReader.Read(VocabularyPath);
        var m = file.Metadata;

        Assert.Equal(3u, file.Version);
        Assert.Empty(file.Tensors);
        Assert.Equal(20, m.Count);
        Assert.Equal("llama", file.Architecture);
        Assert.Equal("gpt2", m[GgufMetadataKeys.TokenizerModel].AsString());
        Assert.Equal("llama-bpe", m["tokenizer.ggml.pre"].AsString());
        Assert.Equal(128256, m[GgufMetadataKeys.TokenizerTokens].Count);
        Assert.Equal("!", m[GgufMetadataKeys.TokenizerTokens].AsArray<string>()[0]);
        Assert.Equal("<|eot_id|>", m[GgufMetadataKeys.TokenizerTokens].AsArray<string>()[128009]);
        Assert.Equal(GgufValueType.Int32, m["tokenizer.ggml.token_type"].ElementType);
        Assert.Equal(280147, m["tokenizer.ggml.merges"].Count);
        Assert.Equal("Ġ Ġ", m["tokenizer.ggml.merges"].AsArray<string>()[0]);
        Assert.Equal(128000u, m["tokenizer.ggml.bos_token_id"].AsUInt32());
        Assert.Equal(128001u, m["tokenizer.ggml.eos_token_id"].AsUInt32());
        Assert.Equal(500000f, m["llama.rope.freq_base"].AsFloat32());
    }

    [Fact]
    public void AsUInt32_OnStringValue_ThrowsNamingBothTypes()
    {
        var file = GgufReader.Read(VocabularyPath);

        var error = Assert.Throws<InvalidOperationException>(() => file.Metadata[GgufMetadataKeys.TokenizerModel].AsUInt32());

        Assert.Equal("GGUF value is String, not UInt32.", error.Message);
    }
}
