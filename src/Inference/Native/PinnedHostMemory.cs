namespace Cluster.Inference.Native;

/// <summary>
/// A ggml host buffer; from <see cref="FindBufferType"/>, page-locked host memory from the first GPU's ggml host buffer type (cudaMallocHost for CUDA). Copies between it
/// and the GPU run at full bus speed, where ordinary (pageable) memory goes through a driver bounce buffer.
/// </summary>
internal sealed unsafe class PinnedHostMemory : IDisposable
{
    private readonly SafeGgmlBufferHandle _buffer;

    private PinnedHostMemory(SafeGgmlBufferHandle buffer, long capacity)
    {
        _buffer = buffer;
        Capacity = capacity;
        Pointer = (byte*)LlamaNative.ggml_backend_buffer_get_base(buffer);
    }

    /// <summary>Bytes it holds.</summary>
    public long Capacity { get; }

    /// <summary>Its first byte.</summary>
    public byte* Pointer { get; }

    /// <summary>The host buffer type of the first GPU, or 0 on a machine without one (then nothing is pinned).</summary>
    public static nint FindBufferType() =>
        FirstDevice(GgmlDeviceType.Gpu) is var device and not 0 ? LlamaNative.ggml_backend_dev_host_buffer_type(device) : 0;

    /// <summary>The CPU device's buffer type: ordinary host memory through the same ggml allocation path (for tests).</summary>
    public static nint CpuBufferType() => LlamaNative.ggml_backend_dev_buffer_type(FirstDevice(GgmlDeviceType.Cpu));

    private static nint FirstDevice(GgmlDeviceType type)
    {
        var count = LlamaNative.ggml_backend_dev_count();
        for (nuint i = 0; i < count; i++)
        {
            var device = LlamaNative.ggml_backend_dev_get(i);
            if (LlamaNative.ggml_backend_dev_type(device) == type)
            {
                return device;
            }
        }

        return 0;
    }

    /// <summary>Allocates <paramref name="bytes"/> of <paramref name="bufferType"/>; null when the driver refuses.</summary>
    public static PinnedHostMemory? TryAllocate(nint bufferType, long bytes)
    {
        var buffer = LlamaNative.ggml_backend_buft_alloc_buffer(bufferType, (nuint)bytes);
        if (buffer.IsInvalid)
        {
            buffer.Dispose();
            return null;
        }

        return new PinnedHostMemory(buffer, bytes);
    }

    /// <inheritdoc/>
    public void Dispose() => _buffer.Dispose();
}
