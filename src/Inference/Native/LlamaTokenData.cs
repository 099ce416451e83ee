using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_token_data: one candidate during sampling.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    /// <summary>The token.</summary>
    public LlamaToken Id;

    /// <summary>Its log-odds.</summary>
    public float Logit;

    /// <summary>Its probability.</summary>
    public float Probability;
}
