namespace Cluster.Inference.ModelCreation;

/// <summary>The element type of a created model's 2-D weight tensors; norms are always F32.</summary>
public enum ModelWeightType
{
    /// <summary>16-bit IEEE half floats (llama.cpp file type <c>MOSTLY_F16</c>).</summary>
    F16,

    /// <summary>ggml Q8_0 blocks of 32 int8 values with an f16 scale (llama.cpp file type <c>MOSTLY_Q8_0</c>).</summary>
    Q8_0,
}
