using Cluster.Inference.ModelCreation;

namespace Cluster.Inference.Tests.ModelCreation;

public sealed class ModelPresetTests
{
    [Fact]
    public void TryGet_8BAnyCase_ReturnsLlama3_8BShape()
    {
        Assert.True(ModelPreset.TryGet("8B", out var preset));

        Assert.Equal(new ModelPreset("8b", 4096, 32, 32, 8, 14336, 8192, 500_000f, TiedEmbeddings: false), preset);
        Assert.Equal(128, preset.HeadDimension);
        Assert.Equal(1024, preset.KvEmbeddingLength);
    }

    [Fact]
    public void TryGet_1b_ReturnsLlama32_1BShape()
    {
        Assert.True(ModelPreset.TryGet("1b", out var preset));

        Assert.Equal(new ModelPreset("1b", 2048, 16, 32, 8, 8192, 8192, 500_000f, TiedEmbeddings: true), preset);
        Assert.Equal(64, preset.HeadDimension);
        Assert.Equal(512, preset.KvEmbeddingLength);
    }

    [Fact]
    public void TryGet_Tiny_ReturnsTinyShape()
    {
        Assert.True(ModelPreset.TryGet("tiny", out var preset));

        Assert.Equal(new ModelPreset("tiny", 64, 2, 4, 2, 192, 4096, 500_000f, TiedEmbeddings: true), preset);
        Assert.Equal(16, preset.HeadDimension);
        Assert.Equal(32, preset.KvEmbeddingLength);
    }

    [Fact]
    public void TryGet_UnknownName_ReturnsFalse()
    {
        Assert.False(ModelPreset.TryGet("70b", out var preset));
        Assert.Null(preset);
    }

    [Fact]
    public void Llama3Template_ContainsTheMarkersLlamaCppDetects()
    {
        Assert.Contains("<|start_header_id|>", LlamaChatTemplates.Llama3, StringComparison.Ordinal);
        Assert.Contains("<|end_header_id|>", LlamaChatTemplates.Llama3, StringComparison.Ordinal);
        Assert.Contains("<|eot_id|>", LlamaChatTemplates.Llama3, StringComparison.Ordinal);
    }
}
