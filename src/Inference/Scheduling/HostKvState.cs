using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

/// <summary>One session's KV saved in host memory: in a block of <see cref="HostKvStore"/>, or in an array (an import,
/// or no host buffer type); owned by the loop thread.</summary>
internal sealed unsafe class HostKvState
{
    private readonly byte[]? _array;

    public HostKvState(byte[] array)
    {
        _array = array;
        Length = array.Length;
    }

    public HostKvState(PinnedHostMemory block, long length)
    {
        Block = block;
        Length = length;
    }

    /// <summary>The store's block holding it, or null for an array.</summary>
    public PinnedHostMemory? Block { get; }

    public long Length { get; }

    /// <summary>Host memory it takes: its block, or its bytes.</summary>
    public long Footprint => Block?.Capacity ?? Length;

    /// <summary>Restores it into a sequence; false if llama.cpp rejects it.</summary>
    public bool RestoreInto(Generation.LlamaContext context, LlamaSeqId sequence)
    {
        if (Block is { } block)
        {
            return context.RestoreSequenceState(block.Pointer, Length, sequence);
        }

        return context.RestoreSequenceState(_array, sequence);
    }

    /// <summary>A copy as an array (for export).</summary>
    public byte[] ToArray() => Block is { } block ? new ReadOnlySpan<byte>(block.Pointer, checked((int)Length)).ToArray() : _array!;
}
