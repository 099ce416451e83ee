using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Loads a GGUF LoRA adapter for a model; 0 when llama.cpp refuses it (the log says why). Valid while the model lives.</summary>
    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint llama_adapter_lora_init(SafeLlamaModelHandle model, string path);

    /// <summary>Frees an adapter (no context may still use it).</summary>
    [LibraryImport(Llama)]
    public static partial void llama_adapter_lora_free(nint adapter);

    /// <summary>Sets the context's adapters and their scales (n = 0 clears them); changes nothing when they are the same. Always 0.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_set_adapters_lora(SafeLlamaContextHandle context, nint* adapters, nuint count, float* scales);
}
