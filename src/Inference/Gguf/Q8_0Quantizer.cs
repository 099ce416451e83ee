using System.Buffers.Binary;

namespace Cluster.Inference.Gguf;

/// <summary>Quantises floats to ggml Q8_0 blocks, bit for bit as ggml's reference <c>quantize_row_q8_0_ref</c> does.</summary>
/// <remarks>A block is 32 values stored as an f16 scale <c>d = max|x| / 127</c> followed by 32 int8 <c>round(x / d)</c>.</remarks>
public static class Q8_0Quantizer
{
    /// <summary>The number of values in one block.</summary>
    public const int BlockSize = 32;

    /// <summary>The number of bytes one block occupies.</summary>
    public const int BlockBytes = 34;

    /// <summary>Quantises <paramref name="source"/>, a whole number of blocks, into <paramref name="destination"/>.</summary>
    public static void Quantize(ReadOnlySpan<float> source, Span<byte> destination)
    {
        if (source.Length % BlockSize != 0)
        {
            throw new ArgumentException($"{source.Length} values is not a whole number of blocks of {BlockSize}.", nameof(source));
        }

        var blocks = source.Length / BlockSize;
        if (destination.Length != blocks * BlockBytes)
        {
            throw new ArgumentException($"{blocks} blocks need {blocks * BlockBytes} bytes, not {destination.Length}.", nameof(destination));
        }

        for (var b = 0; b < blocks; b++)
        {
            QuantizeBlock(source.Slice(b * BlockSize, BlockSize), destination.Slice(b * BlockBytes, BlockBytes));
        }
    }

    private static void QuantizeBlock(ReadOnlySpan<float> values, Span<byte> block)
    {
        var max = 0f;
        foreach (var value in values)
        {
            max = MathF.Max(max, MathF.Abs(value));
        }

        // Same float operations in the same order as ggml, so the bytes match llama-quantize's.
        var scale = max / 127f;
        var inverse = scale != 0f ? 1f / scale : 0f;
        BinaryPrimitives.WriteHalfLittleEndian(block, (Half)scale);
        for (var i = 0; i < BlockSize; i++)
        {
            block[2 + i] = (byte)(sbyte)MathF.Round(values[i] * inverse, MidpointRounding.AwayFromZero);
        }
    }
}
