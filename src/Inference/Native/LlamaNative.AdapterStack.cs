using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

// Per-sequence LoRA (scripts/llama-patches/per-sequence-lora.patch): a stack of adapters from which each sequence
// picks one, so sequences of different adapters decode together in one llama_decode. Only in our patched builds:
// LlamaLibrary.PerSequenceAdapters says whether the loaded libllama has them.
internal static unsafe partial class LlamaNative
{
    /// <summary>The export that marks a libllama with per-sequence adapters.</summary>
    public const string AdapterStackExport = "llama_adapter_lora_stack_init";

    /// <summary>Stacks adapters (slot 0 = base model, slot i = adapters[i - 1]); copies their weights. 0 when one cannot be stacked (the log says why).</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_adapter_lora_stack_init(SafeLlamaModelHandle model, nint* adapters, nuint count);

    /// <summary>Frees a stack (no context may still use it).</summary>
    [LibraryImport(Llama)]
    public static partial void llama_adapter_lora_stack_free(nint stack);

    /// <summary>Makes the context apply a stack per sequence (0: none); every sequence starts on slot 0. Always 0.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_set_adapter_lora_stack(SafeLlamaContextHandle context, nint stack);

    /// <summary>The stack slot (0 = base) and scale of a sequence's next tokens; -1 when out of range or no stack is set.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_set_seq_adapter_lora(SafeLlamaContextHandle context, int sequence, int slot, float scale);
}
