using Cluster.Inference.Gguf;

namespace Cluster.Inference.Tests.Gguf;

public sealed class GgufTensorTypeTests
{
    [Theory]
    [InlineData(GgufTensorType.F32, 0u, 1, 4)]
    [InlineData(GgufTensorType.F16, 1u, 1, 2)]
    [InlineData(GgufTensorType.Q8_0, 8u, 32, 34)]
    [InlineData(GgufTensorType.Q4_K, 12u, 256, 144)]
    [InlineData(GgufTensorType.BF16, 30u, 1, 2)]
    public void BlockLayout_KnownType_MatchesGgml(GgufTensorType type, uint id, int blockSize, int typeSize)
    {
        Assert.Equal(id, (uint)type);
        Assert.True(type.IsKnown);
        Assert.Equal(blockSize, type.BlockSize);
        Assert.Equal(typeSize, type.TypeSize);
    }

    [Theory]
    [InlineData(GgufTensorType.F32, 4096L * 128256, 2_101_346_304L)]
    [InlineData(GgufTensorType.F16, 4096L * 128256, 1_050_673_152L)]
    [InlineData(GgufTensorType.Q8_0, 4096L * 128256, 558_170_112L)]
    public void ByteSize_LlamaEmbedding_IsElementsOverBlockTimesTypeSize(GgufTensorType type, long elements, long bytes)
    {
        Assert.Equal(bytes, type.ByteSize(elements));
    }

    [Fact]
    public void ByteSize_PartialQ8Block_Throws()
    {
        Assert.Throws<ArgumentException>(() => GgufTensorType.Q8_0.ByteSize(33));
    }

    [Fact]
    public void IsKnown_RemovedType_IsFalse()
    {
        Assert.False(((GgufTensorType)4).IsKnown);
    }
}
