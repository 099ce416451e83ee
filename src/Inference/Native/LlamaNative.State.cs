using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Bytes needed to save one sequence's state.</summary>
    [LibraryImport(Llama)]
    public static partial nuint llama_state_seq_get_size(SafeLlamaContextHandle context, LlamaSeqId seq);

    /// <summary>Copies one sequence's state (KV) to host memory; returns bytes written, 0 on failure.</summary>
    [LibraryImport(Llama)]
    public static partial nuint llama_state_seq_get_data(SafeLlamaContextHandle context, byte* destination, nuint size, LlamaSeqId seq);

    /// <summary>Restores a sequence's state into dest; returns bytes read, 0 on failure.</summary>
    [LibraryImport(Llama)]
    public static partial nuint llama_state_seq_set_data(SafeLlamaContextHandle context, byte* source, nuint size, LlamaSeqId destination);
}
