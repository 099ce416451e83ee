namespace Cluster.Inference.Gguf;

/// <summary>The ggml element type of a tensor in a GGUF file; values are ggml's <c>ggml_type</c> ids.</summary>
/// <remarks>Ids 4, 5, 31–33 and 36–38 were removed from ggml and are rejected when reading.</remarks>
public enum GgufTensorType : uint
{
    /// <summary>32-bit float, 4 bytes per element.</summary>
    F32 = 0,

    /// <summary>16-bit IEEE half float, 2 bytes per element.</summary>
    F16 = 1,

    /// <summary>4-bit quantisation with one f16 scale, 32 elements in 18 bytes.</summary>
    Q4_0 = 2,

    /// <summary>4-bit quantisation with f16 scale and minimum, 32 elements in 20 bytes.</summary>
    Q4_1 = 3,

    /// <summary>5-bit quantisation with one f16 scale, 32 elements in 22 bytes.</summary>
    Q5_0 = 6,

    /// <summary>5-bit quantisation with f16 scale and minimum, 32 elements in 24 bytes.</summary>
    Q5_1 = 7,

    /// <summary>8-bit quantisation with one f16 scale, 32 elements in 34 bytes.</summary>
    Q8_0 = 8,

    /// <summary>8-bit quantisation with f16 scale and sum, 32 elements in 36 bytes.</summary>
    Q8_1 = 9,

    /// <summary>2-bit k-quant, 256 elements in 84 bytes.</summary>
    Q2_K = 10,

    /// <summary>3-bit k-quant, 256 elements in 110 bytes.</summary>
    Q3_K = 11,

    /// <summary>4-bit k-quant, 256 elements in 144 bytes.</summary>
    Q4_K = 12,

    /// <summary>5-bit k-quant, 256 elements in 176 bytes.</summary>
    Q5_K = 13,

    /// <summary>6-bit k-quant, 256 elements in 210 bytes.</summary>
    Q6_K = 14,

    /// <summary>8-bit k-quant (intermediate type), 256 elements in 292 bytes.</summary>
    Q8_K = 15,

    /// <summary>2-bit i-quant, 256 elements in 66 bytes.</summary>
    IQ2_XXS = 16,

    /// <summary>2-bit i-quant, 256 elements in 74 bytes.</summary>
    IQ2_XS = 17,

    /// <summary>3-bit i-quant, 256 elements in 98 bytes.</summary>
    IQ3_XXS = 18,

    /// <summary>1-bit i-quant, 256 elements in 50 bytes.</summary>
    IQ1_S = 19,

    /// <summary>4-bit non-linear quant, 32 elements in 18 bytes.</summary>
    IQ4_NL = 20,

    /// <summary>3-bit i-quant, 256 elements in 110 bytes.</summary>
    IQ3_S = 21,

    /// <summary>2-bit i-quant, 256 elements in 82 bytes.</summary>
    IQ2_S = 22,

    /// <summary>4-bit i-quant, 256 elements in 136 bytes.</summary>
    IQ4_XS = 23,

    /// <summary>Signed 8-bit integer, 1 byte per element.</summary>
    I8 = 24,

    /// <summary>Signed 16-bit integer, 2 bytes per element.</summary>
    I16 = 25,

    /// <summary>Signed 32-bit integer, 4 bytes per element.</summary>
    I32 = 26,

    /// <summary>Signed 64-bit integer, 8 bytes per element.</summary>
    I64 = 27,

    /// <summary>64-bit float, 8 bytes per element.</summary>
    F64 = 28,

    /// <summary>1-bit i-quant, 256 elements in 56 bytes.</summary>
    IQ1_M = 29,

    /// <summary>bfloat16, 2 bytes per element.</summary>
    BF16 = 30,

    /// <summary>Ternary quant, 256 elements in 54 bytes.</summary>
    TQ1_0 = 34,

    /// <summary>Ternary quant, 256 elements in 66 bytes.</summary>
    TQ2_0 = 35,

    /// <summary>MX FP4 with a shared E8M0 scale, 32 elements in 17 bytes.</summary>
    MXFP4 = 39,

    /// <summary>NV FP4 with E4M3 sub-block scales, 64 elements in 36 bytes.</summary>
    NVFP4 = 40,

    /// <summary>1-bit quant, 128 elements in 18 bytes.</summary>
    Q1_0 = 41,

    /// <summary>2-bit quant, 64 elements in 18 bytes.</summary>
    Q2_0 = 42,
}
