using System.Diagnostics;
using System.Numerics;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

/// <summary>
/// Saves idle sessions' KV to host memory. With a GPU the blocks are page-locked (the GPU's ggml host buffer type):
/// llama.cpp copies state with synchronous per-layer copies, which ran at 1.2 GB/s into ordinary memory and at ~39 GB/s
/// into page-locked memory on an H200 host. Page-locking itself is slow (80–200 ms a block there), so freed blocks are
/// kept for the next save. With uniform blocks (each sized for a full slot) the whole budget is page-locked up front
/// and any freed block takes any save; otherwise blocks come in power-of-two sizes from 16 MiB, page-locked as needed,
/// and a state larger than a uniform block gets one of those. All blocks together stay within the host budget.
/// Owned by the loop thread.
/// </summary>
internal sealed class HostKvStore : IDisposable
{
    private const long SmallestBlock = 16L << 20;
    private readonly List<PinnedHostMemory> _free = [];
    private readonly nint _bufferType;
    private readonly long _budgetBytes;
    private readonly long _uniformBlockBytes;
    private long _blockBytes;

    /// <summary>Creates the store; with uniform blocks it page-locks the whole budget now (as vLLM does its swap space),
    /// so no save waits for it later (on an H200 host, 520 MiB took 200 ms to page-lock).</summary>
    public HostKvStore(nint bufferType, long budgetBytes, long uniformBlockBytes = 0)
    {
        _bufferType = bufferType;
        _budgetBytes = budgetBytes;
        _uniformBlockBytes = uniformBlockBytes;
        while (bufferType != 0 && uniformBlockBytes > 0 && _blockBytes + uniformBlockBytes <= budgetBytes && Allocate(uniformBlockBytes) is { } block)
        {
            _free.Add(block);
        }
    }

    /// <summary>Bytes in blocks, in use or kept free.</summary>
    public long BlockBytes => _blockBytes;

    /// <summary>Blocks allocated so far, and the time that took (page-locking is the slow part).</summary>
    public (long Count, TimeSpan Time) Allocations { get; private set; }

    /// <summary>Host memory a saved state of <paramref name="size"/> bytes takes (its block, or the bytes themselves without blocks).</summary>
    public long Footprint(long size) => _bufferType == 0 ? size
        : _uniformBlockBytes >= size ? _uniformBlockBytes
        : Math.Max(SmallestBlock, (long)BitOperations.RoundUpToPowerOf2((ulong)size));

    /// <summary>Saves a sequence's KV; null when it holds none or saving failed.</summary>
    public unsafe HostKvState? Save(LlamaContext context, LlamaSeqId sequence)
    {
        var size = context.SequenceStateSize(sequence);
        if (size == 0)
        {
            return null;
        }

        if (_bufferType != 0 && Take(size) is { } block)
        {
            var written = context.SaveSequenceState(sequence, block.Pointer, size);
            if (written > 0)
            {
                return new HostKvState(block, written);
            }

            Return(block);
            return null;
        }

        var array = context.SaveSequenceState(sequence);
        return array.Length > 0 ? new HostKvState(array) : null;
    }

    /// <summary>Takes back a state's block (the state must not be used afterwards).</summary>
    public void Release(HostKvState state)
    {
        if (state.Block is { } block)
        {
            Return(block);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        TrimFree(0);
    }

    // A kept block of the size this state needs, else a new one.
    private PinnedHostMemory? Take(long size)
    {
        var capacity = Footprint(size);
        var kept = _free.FindIndex(block => block.Capacity == capacity);
        if (kept >= 0)
        {
            var reused = _free[kept];
            _free.RemoveAt(kept);
            return reused;
        }

        TrimFree(_budgetBytes - capacity);
        return Allocate(capacity);
    }

    private PinnedHostMemory? Allocate(long capacity)
    {
        var started = Stopwatch.GetTimestamp();
        var block = PinnedHostMemory.TryAllocate(_bufferType, capacity);
        Allocations = (Allocations.Count + 1, Allocations.Time + Stopwatch.GetElapsedTime(started));
        _blockBytes += block?.Capacity ?? 0;
        return block;
    }

    private void Return(PinnedHostMemory block)
    {
        _free.Add(block);
        TrimFree(_budgetBytes);
    }

    // Frees kept blocks, largest first, until all blocks together take at most `limit` bytes.
    private void TrimFree(long limit)
    {
        _free.Sort((a, b) => a.Capacity.CompareTo(b.Capacity));
        while (_blockBytes > limit && _free.Count > 0)
        {
            var largest = _free[^1];
            _free.RemoveAt(_free.Count - 1);
            _blockBytes -= largest.Capacity;
            largest.Dispose();
        }
    }
}
