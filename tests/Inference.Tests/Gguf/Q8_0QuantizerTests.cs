using Cluster.Inference.Gguf;

namespace Cluster.Inference.Tests.Gguf;

public sealed class Q8_0QuantizerTests
{
    [Fact]
    public void Quantize_KnownBlock_WritesHalfScaleThenRoundedInts()
    {
        // max |x| = 63.5, so d = 63.5 / 127 = 0.5 exactly, 1/d = 2, and each q = round(2x), halves away from zero.
        float[] values =
        [
            63.5f, -63.5f, 0f, 1f, -1f, 0.25f, -0.25f, 0.74f,
            0.76f, 10.3f, -10.3f, 3.75f, -3.75f, 31.25f, -31.25f, 20f,
            -20f, 0.1f, 1.24f, 1.26f, 50f, -50f, 0.24f, 44.4f,
            -44.4f, 7.7f, 60f, -60f, 5.5f, 0.75f, -0.75f, 25.25f,
        ];
        sbyte[] quantized =
        [
            127, -127, 0, 2, -2, 1, -1, 1,
            2, 21, -21, 8, -8, 63, -63, 40,
            -40, 0, 2, 3, 100, -100, 0, 89,
            -89, 15, 120, -120, 11, 2, -2, 51,
        ];
        // 0.5 as an IEEE half: sign 0, exponent 14 (biased, 2^-1), mantissa 0 = 0x3800, stored little-endian.
        byte[] expected = [0x00, 0x38, .. quantized.Select(q => unchecked((byte)q))];

        var block = new byte[34];
        Q8_0Quantizer.Quantize(values, block);

        Assert.Equal(expected, block);
    }

    [Fact]
    public void Quantize_AllZeroBlock_WritesZeroScaleAndZeros()
    {
        var block = new byte[34];
        Array.Fill(block, (byte)0xFF);

        Q8_0Quantizer.Quantize(new float[32], block);

        Assert.Equal(new byte[34], block);
    }

    [Fact]
    public void Quantize_TwoBlocks_EachHasItsOwnScale()
    {
        var values = new float[64];
        values[0] = 127f; // block 0: d = 1, half 0x3C00
        values[32] = -254f; // block 1: d = 2, half 0x4000
        values[33] = 127f; // 63.5 rounds away from zero to 64
        var blocks = new byte[68];

        Q8_0Quantizer.Quantize(values, blocks);

        Assert.Equal([0x00, 0x3C, 127, 0], blocks[..4]);
        Assert.Equal([0x00, 0x40, unchecked((byte)-127), 64, 0], blocks[34..39]);
    }

    [Fact]
    public void Quantize_PartialBlock_Throws()
    {
        Assert.Throws<ArgumentException>(() => Q8_0Quantizer.Quantize(new float[31], new byte[34]));
    }
}
