using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Initialises llama.cpp's global backend state (once per process).</summary>
    [LibraryImport(Llama)]
    public static partial void llama_backend_init();

    /// <summary>Routes llama.cpp and ggml logging to a callback (null restores stderr).</summary>
    [LibraryImport(Llama)]
    public static partial void llama_log_set(delegate* unmanaged<GgmlLogLevel, byte*, void*, void> callback, void* userData);

    /// <summary>Describes the CPU features and backends compiled in.</summary>
    [LibraryImport(Llama)]
    public static partial byte* llama_print_system_info();

    /// <summary>Whether a GPU backend is available.</summary>
    [LibraryImport(Llama)]
    [return: MarshalAs(UnmanagedType.U1)]
    public static partial bool llama_supports_gpu_offload();

    /// <summary>Maximum number of devices a model can be split over.</summary>
    [LibraryImport(Llama)]
    public static partial nuint llama_max_devices();

    /// <summary>Maximum sequences a context supports.</summary>
    [LibraryImport(Llama)]
    public static partial nuint llama_max_parallel_sequences();

    /// <summary>Microseconds from llama.cpp's clock.</summary>
    [LibraryImport(Llama)]
    public static partial long llama_time_us();

    /// <summary>Loads every backend library (CPU variants, CUDA, ...) found in a directory.</summary>
    [LibraryImport(Ggml, StringMarshalling = StringMarshalling.Utf8)]
    public static partial void ggml_backend_load_all_from_path(string directory);

    /// <summary>Number of registered backend devices.</summary>
    [LibraryImport(Ggml)]
    public static partial nuint ggml_backend_dev_count();

    /// <summary>The device at an index.</summary>
    [LibraryImport(Ggml)]
    public static partial nint ggml_backend_dev_get(nuint index);

    /// <summary>Short device name (e.g. "CUDA0", "CPU").</summary>
    [LibraryImport(GgmlBase)]
    public static partial byte* ggml_backend_dev_name(nint device);

    /// <summary>Device description (e.g. "NVIDIA H200").</summary>
    [LibraryImport(GgmlBase)]
    public static partial byte* ggml_backend_dev_description(nint device);

    /// <summary>Free and total device memory in bytes.</summary>
    [LibraryImport(GgmlBase)]
    public static partial void ggml_backend_dev_memory(nint device, out nuint free, out nuint total);

    /// <summary>Kind of device.</summary>
    [LibraryImport(GgmlBase)]
    public static partial GgmlDeviceType ggml_backend_dev_type(nint device);
}
