using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Clears all sequences; data=true also zeroes the buffers.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_memory_clear(nint memory, [MarshalAs(UnmanagedType.U1)] bool data);

    /// <summary>Removes positions [p0, p1) of a sequence (negative bounds are open); false if a partial removal is impossible.</summary>
    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_memory_seq_rm(nint memory, LlamaSeqId seq, LlamaPos p0, LlamaPos p1);

    /// <summary>Makes positions [p0, p1) of src also belong to dst (shares KV cells).</summary>
    [LibraryImport(Llama)]
    public static partial void llama_memory_seq_cp(nint memory, LlamaSeqId source, LlamaSeqId destination, LlamaPos p0, LlamaPos p1);

    /// <summary>Removes every sequence but this one.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_memory_seq_keep(nint memory, LlamaSeqId seq);

    /// <summary>Shifts positions [p0, p1) of a sequence by delta.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_memory_seq_add(nint memory, LlamaSeqId seq, LlamaPos p0, LlamaPos p1, LlamaPos delta);

    /// <summary>Smallest position of a sequence, -1 if empty.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaPos llama_memory_seq_pos_min(nint memory, LlamaSeqId seq);

    /// <summary>Largest position of a sequence, -1 if empty.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaPos llama_memory_seq_pos_max(nint memory, LlamaSeqId seq);

    /// <summary>Whether positions can be shifted.</summary>
    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_memory_can_shift(nint memory);
}
