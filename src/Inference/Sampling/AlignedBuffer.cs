using System.Runtime.CompilerServices;

namespace Cluster.Inference.Sampling;

/// <summary>
/// A row-sized buffer whose first element sits on a cache line (64 bytes): the vectorised passes store 32 bytes at a
/// time, and a buffer that starts mid-line splits every other store across two lines. A managed array lands wherever
/// the allocator puts it, so timings moved with unrelated allocations (about a third slower for a weighing pass);
/// this one is pinned, padded, and used from its first aligned element.
/// </summary>
/// <typeparam name="T">A vector element type.</typeparam>
internal sealed class AlignedBuffer<T>
    where T : unmanaged
{
    private const int Alignment = 64;
    private T[] _array = [];
    private int _offset;

    /// <summary>The first <paramref name="length"/> elements, grown (and their contents dropped) as needed.</summary>
    public unsafe Span<T> Get(int length)
    {
        if (_array.Length - _offset < length)
        {
            _array = GC.AllocateUninitializedArray<T>(length + (Alignment / sizeof(T)), pinned: true);
            var address = (nint)Unsafe.AsPointer(ref _array[0]);
            _offset = (int)((Alignment - (address % Alignment)) % Alignment) / sizeof(T);
        }

        return _array.AsSpan(_offset, length);
    }
}
