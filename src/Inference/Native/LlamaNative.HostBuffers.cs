using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>The buffer type of a device's fast host memory (page-locked for CUDA), or 0 when it has none.</summary>
    [LibraryImport(GgmlBase)]
    public static partial nint ggml_backend_dev_host_buffer_type(nint device);

    /// <summary>The buffer type of a device's own memory (for the CPU device: ordinary host memory).</summary>
    [LibraryImport(GgmlBase)]
    public static partial nint ggml_backend_dev_buffer_type(nint device);

    /// <summary>Allocates a buffer of a buffer type.</summary>
    [LibraryImport(GgmlBase)]
    public static partial SafeGgmlBufferHandle ggml_backend_buft_alloc_buffer(nint bufferType, nuint size);

    /// <summary>Frees a buffer.</summary>
    [LibraryImport(GgmlBase)]
    public static partial void ggml_backend_buffer_free(nint buffer);

    /// <summary>A host buffer's first byte.</summary>
    [LibraryImport(GgmlBase)]
    public static partial void* ggml_backend_buffer_get_base(SafeGgmlBufferHandle buffer);
}
