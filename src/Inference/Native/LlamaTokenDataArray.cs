using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_token_data_array: the candidate set a sampler transforms.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    /// <summary>The candidates (samplers may replace the pointer).</summary>
    public LlamaTokenData* Data;

    /// <summary>Number of candidates.</summary>
    public nuint Size;

    /// <summary>Index (not token id) of the selected candidate, -1 if none.</summary>
    public long Selected;

    /// <summary>Whether Data is sorted by logit, descending.</summary>
    public bool Sorted;
}
