using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Cluster.Inference.Native;

/// <summary>Finds and loads llama.cpp's shared libraries once per process and routes its logging to ILogger.</summary>
/// <remarks>
/// Accepts the prebuilt npm names (libllama.v0.5.0.so) and source-build names (libllama.so), then loads
/// every backend in the same folder (CPU variants, CUDA) with ggml_backend_load_all_from_path.
/// </remarks>
public static partial class LlamaLibrary
{
    /// <summary>Environment variable naming the folder of llama.cpp's libraries.</summary>
    public const string DirectoryVariable = "CLUSTER_LLAMA_LIB_DIR";

    private static readonly Lock Gate = new();
    private static Dictionary<string, nint>? s_loaded;
    private static string? s_directory;

    /// <summary>The folder the libraries were loaded from, or null before <see cref="Initialize"/>.</summary>
    public static string? LoadedDirectory => s_directory;

    /// <summary>Whether libmtmd (vision projectors) was found next to libllama; multimodal models need it.</summary>
    public static bool MultimodalAvailable => s_loaded?.ContainsKey(LlamaNative.Mtmd) == true;

    /// <summary>
    /// Whether the loaded libllama applies LoRA adapters per sequence (scripts/llama-patches/per-sequence-lora.patch,
    /// in our CPU and CUDA builds); without it a context applies one adapter set to every sequence.
    /// </summary>
    public static bool PerSequenceAdapters =>
        s_loaded?.TryGetValue(LlamaNative.Llama, out var llama) == true && NativeLibrary.TryGetExport(llama, LlamaNative.AdapterStackExport, out _);

    /// <summary>Default folder: the configured variable, else "llama" next to the application.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(AppContext.BaseDirectory, "llama");

    /// <summary>Loads the libraries from a folder (null = <see cref="DefaultDirectory"/>) and initialises the backend; later calls with the same folder do nothing.</summary>
    /// <exception cref="LlamaLibraryNotFoundException">A library is missing; the message says which and how to get it.</exception>
    public static void Initialize(string? directory, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var folder = Path.GetFullPath(directory ?? DefaultDirectory);
        var ggmlBase = FindFirst(folder, "libggml-base.so");
        var ggml = FindFirst(folder, "libggml.so", "libggml.v0.5.0.so");
        var llama = FindFirst(folder, "libllama.so", "libllama.v0.5.0.so");
        lock (Gate)
        {
            if (s_loaded is not null)
            {
                if (!string.Equals(folder, s_directory, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"llama.cpp is already loaded from '{s_directory}'; a process can load it from one folder only (asked for '{folder}').");
                }

                return;
            }

            var loaded = new Dictionary<string, nint>(StringComparer.Ordinal)
            {
                [LlamaNative.GgmlBase] = NativeLibrary.Load(ggmlBase),
                [LlamaNative.Ggml] = NativeLibrary.Load(ggml),
                [LlamaNative.Llama] = NativeLibrary.Load(llama),
            };
            var mtmd = Path.Combine(folder, "libmtmd.so");
            if (File.Exists(mtmd))
            {
                loaded[LlamaNative.Mtmd] = NativeLibrary.Load(mtmd);
            }

            s_loaded = loaded;
            s_directory = folder;
            NativeLibrary.SetDllImportResolver(typeof(LlamaLibrary).Assembly, Resolve);
            LlamaLogBridge.Attach(logger);
            LlamaNative.ggml_backend_load_all_from_path(folder);
            LlamaNative.llama_backend_init();
            var devices = LlamaDevices.List();
            LogLoaded(logger, folder, devices.Count);
        }
    }

    /// <summary>Turns off ggml-cuda's CUDA graphs for this process (GGML_CUDA_DISABLE_GRAPHS); call before the first decode.</summary>
    /// <remarks>
    /// With many sequences in per-sequence KV, replaying a captured CUDA graph aborted the process on an H200
    /// ("CUDA error: an illegal instruction was encountered" at cudaGraphLaunch), at step budgets 512 and 2048;
    /// with graphs off the same load ran clean (bench/results/serving-h200.md).
    /// </remarks>
    public static void DisableCudaGraphs() => NativeEnvironment.Set("GGML_CUDA_DISABLE_GRAPHS", "1");

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        s_loaded is not null && s_loaded.TryGetValue(libraryName, out var handle) ? handle : 0;

    private static string FindFirst(string folder, params string[] names)
    {
        foreach (var name in names)
        {
            var path = Path.Combine(folder, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new LlamaLibraryNotFoundException(folder, names);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "llama.cpp loaded from {Folder} with {DeviceCount} backend devices")]
    private static partial void LogLoaded(ILogger logger, string folder, int deviceCount);
}
