namespace Cluster.Inference.Gguf;

/// <summary>Block layout of each <see cref="GgufTensorType"/>, matching ggml's type traits.</summary>
public static class GgufTensorTypeExtensions
{
    extension(GgufTensorType type)
    {
        /// <summary>Gets whether the type is a ggml type this code knows the block layout of.</summary>
        public bool IsKnown => Layout(type).BlockSize != 0;

        /// <summary>Gets the number of elements in one block (ggml's <c>blck_size</c>); 1 for plain types.</summary>
        public int BlockSize => Known(type).BlockSize;

        /// <summary>Gets the number of bytes one block occupies (ggml's <c>type_size</c>).</summary>
        public int TypeSize => Known(type).TypeSize;

        /// <summary>Returns the bytes that <paramref name="elementCount"/> elements occupy; the count must be a whole number of blocks.</summary>
        public long ByteSize(long elementCount)
        {
            var (blockSize, typeSize) = Known(type);
            ArgumentOutOfRangeException.ThrowIfNegative(elementCount);
            if (elementCount % blockSize != 0)
            {
                throw new ArgumentException(
                    $"{elementCount} elements is not a whole number of {type} blocks of {blockSize}.", nameof(elementCount));
            }

            return checked(elementCount / blockSize * typeSize);
        }
    }

    private static (int BlockSize, int TypeSize) Known(GgufTensorType type)
    {
        var layout = Layout(type);
        return layout.BlockSize != 0
            ? layout
            : throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ggml tensor type with a known block layout.");
    }

    private static (int BlockSize, int TypeSize) Layout(GgufTensorType type) => type switch
    {
        GgufTensorType.F32 => (1, 4),
        GgufTensorType.F16 => (1, 2),
        GgufTensorType.Q4_0 => (32, 18),
        GgufTensorType.Q4_1 => (32, 20),
        GgufTensorType.Q5_0 => (32, 22),
        GgufTensorType.Q5_1 => (32, 24),
        GgufTensorType.Q8_0 => (32, 34),
        GgufTensorType.Q8_1 => (32, 36),
        GgufTensorType.Q2_K => (256, 84),
        GgufTensorType.Q3_K => (256, 110),
        GgufTensorType.Q4_K => (256, 144),
        GgufTensorType.Q5_K => (256, 176),
        GgufTensorType.Q6_K => (256, 210),
        GgufTensorType.Q8_K => (256, 292),
        GgufTensorType.IQ2_XXS => (256, 66),
        GgufTensorType.IQ2_XS => (256, 74),
        GgufTensorType.IQ3_XXS => (256, 98),
        GgufTensorType.IQ1_S => (256, 50),
        GgufTensorType.IQ4_NL => (32, 18),
        GgufTensorType.IQ3_S => (256, 110),
        GgufTensorType.IQ2_S => (256, 82),
        GgufTensorType.IQ4_XS => (256, 136),
        GgufTensorType.I8 => (1, 1),
        GgufTensorType.I16 => (1, 2),
        GgufTensorType.I32 => (1, 4),
        GgufTensorType.I64 => (1, 8),
        GgufTensorType.F64 => (1, 8),
        GgufTensorType.IQ1_M => (256, 56),
        GgufTensorType.BF16 => (1, 2),
        GgufTensorType.TQ1_0 => (256, 54),
        GgufTensorType.TQ2_0 => (256, 66),
        GgufTensorType.MXFP4 => (32, 17),
        GgufTensorType.NVFP4 => (64, 36),
        GgufTensorType.Q1_0 => (128, 18),
        GgufTensorType.Q2_0 => (64, 18),
        _ => (0, 0),
    };
}
