using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_batch: parallel arrays of n_tokens entries owned by the caller.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaNativeBatch
{
    /// <summary>Number of tokens in the batch.</summary>
    public int TokenCount;

    /// <summary>Token ids (used when Embeddings is null).</summary>
    public LlamaToken* Tokens;

    /// <summary>Input embeddings instead of tokens.</summary>
    public float* Embeddings;

    /// <summary>Position of each token in its sequence.</summary>
    public LlamaPos* Positions;

    /// <summary>How many sequences each token belongs to.</summary>
    public int* SeqIdCounts;

    /// <summary>For each token, a pointer to its sequence ids.</summary>
    public LlamaSeqId** SeqIds;

    /// <summary>Non-zero where the token's logits are wanted.</summary>
    public sbyte* Outputs;
}
