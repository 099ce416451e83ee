using Cluster.Inference.Native;

namespace Cluster.Inference.Generation;

public sealed unsafe partial class LlamaContext
{
    /// <summary>Drops every sequence's KV.</summary>
    public void ClearMemory() => LlamaNative.llama_memory_clear(_memory, data: false);

    /// <summary>Removes positions [from, to) of a sequence (-1 = open end); false if a partial removal is impossible.</summary>
    public bool RemoveTokens(LlamaSeqId sequence, int from = -1, int to = -1) =>
        LlamaNative.llama_memory_seq_rm(_memory, sequence, new LlamaPos(from), new LlamaPos(to));

    /// <summary>Lets <paramref name="destination"/> share the KV of positions [from, to) of <paramref name="source"/>.</summary>
    public void CopySequence(LlamaSeqId source, LlamaSeqId destination, int from = -1, int to = -1) =>
        LlamaNative.llama_memory_seq_cp(_memory, source, destination, new LlamaPos(from), new LlamaPos(to));

    /// <summary>Removes every other sequence from this sequence's KV stream (with per-sequence KV, other streams are untouched).</summary>
    public void KeepOnly(LlamaSeqId sequence) => LlamaNative.llama_memory_seq_keep(_memory, sequence);

    /// <summary>Shifts positions [from, to) of a sequence by delta.</summary>
    public void ShiftPositions(LlamaSeqId sequence, int from, int to, int delta) =>
        LlamaNative.llama_memory_seq_add(_memory, sequence, new LlamaPos(from), new LlamaPos(to), new LlamaPos(delta));

    /// <summary>Smallest position held for a sequence, -1 if it is empty.</summary>
    public int MinPosition(LlamaSeqId sequence) => LlamaNative.llama_memory_seq_pos_min(_memory, sequence).Value;

    /// <summary>Largest position held for a sequence, -1 if it is empty.</summary>
    public int MaxPosition(LlamaSeqId sequence) => LlamaNative.llama_memory_seq_pos_max(_memory, sequence).Value;

    /// <summary>Copies one sequence's KV state to a new array.</summary>
    public byte[] SaveSequenceState(LlamaSeqId sequence)
    {
        var state = new byte[SequenceStateSize(sequence)];
        fixed (byte* pointer = state)
        {
            var written = SaveSequenceState(sequence, pointer, state.Length);
            return written == state.Length ? state : state.AsSpan(0, (int)written).ToArray();
        }
    }

    /// <summary>Restores a saved state into a sequence; false if llama.cpp rejects it (wrong model or no room).</summary>
    public bool RestoreSequenceState(ReadOnlySpan<byte> state, LlamaSeqId sequence)
    {
        fixed (byte* pointer = state)
        {
            return RestoreSequenceState(pointer, state.Length, sequence);
        }
    }

    /// <summary>Bytes <see cref="SaveSequenceState(LlamaSeqId, byte*, long)"/> writes for a sequence.</summary>
    public long SequenceStateSize(LlamaSeqId sequence) => (long)LlamaNative.llama_state_seq_get_size(Handle, sequence);

    /// <summary>Copies one sequence's KV state to <paramref name="destination"/>; returns the bytes written (0 on failure).</summary>
    public long SaveSequenceState(LlamaSeqId sequence, byte* destination, long capacity) =>
        (long)LlamaNative.llama_state_seq_get_data(Handle, destination, (nuint)capacity, sequence);

    /// <summary>Restores a state saved at <paramref name="source"/>; false if llama.cpp rejects it (wrong model or no room).</summary>
    public bool RestoreSequenceState(byte* source, long length, LlamaSeqId sequence) =>
        LlamaNative.llama_state_seq_set_data(Handle, source, (nuint)length, sequence) != 0;
}
