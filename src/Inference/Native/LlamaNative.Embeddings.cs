using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>How the context pools token embeddings into one vector per sequence (from the GGUF unless the context params set it).</summary>
    [LibraryImport(Llama)]
    public static partial LlamaPoolingType llama_pooling_type(SafeLlamaContextHandle context);

    /// <summary>The pooled embedding of a sequence after the last decode (n_embd floats); null when the context does not pool.</summary>
    [LibraryImport(Llama)]
    public static partial float* llama_get_embeddings_seq(SafeLlamaContextHandle context, LlamaSeqId sequence);

    /// <summary>The embedding of the i-th output token of the last decode; null if invalid.</summary>
    [LibraryImport(Llama)]
    public static partial float* llama_get_embeddings_ith(SafeLlamaContextHandle context, int index);
}
