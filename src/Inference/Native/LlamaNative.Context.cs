using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Default context parameters.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaContextParams llama_context_default_params();

    /// <summary>Creates a context; returns null on failure. Use <see cref="SafeLlamaContextHandle.Create"/>.</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_init_from_model(SafeLlamaModelHandle model, LlamaContextParams parameters);

    /// <summary>Frees a context.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_free(nint context);

    /// <summary>Context size in tokens.</summary>
    [LibraryImport(Llama)]
    public static partial uint llama_n_ctx(SafeLlamaContextHandle context);

    /// <summary>Context size available to one sequence.</summary>
    [LibraryImport(Llama)]
    public static partial uint llama_n_ctx_seq(SafeLlamaContextHandle context);

    /// <summary>Logical batch size.</summary>
    [LibraryImport(Llama)]
    public static partial uint llama_n_batch(SafeLlamaContextHandle context);

    /// <summary>Physical batch size.</summary>
    [LibraryImport(Llama)]
    public static partial uint llama_n_ubatch(SafeLlamaContextHandle context);

    /// <summary>Maximum number of sequences.</summary>
    [LibraryImport(Llama)]
    public static partial uint llama_n_seq_max(SafeLlamaContextHandle context);

    /// <summary>The context's KV memory (owned by the context).</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_get_memory(SafeLlamaContextHandle context);

    /// <summary>Sets the generation and batch thread counts.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_set_n_threads(SafeLlamaContextHandle context, int threads, int batchThreads);

    /// <summary>Threads used for generation.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_n_threads(SafeLlamaContextHandle context);

    /// <summary>Decodes a batch; see <see cref="LlamaDecodeResult"/> for the return codes.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_decode(SafeLlamaContextHandle context, LlamaNativeBatch batch);

    /// <summary>Waits for pending device work.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_synchronize(SafeLlamaContextHandle context);

    /// <summary>Logits of the i-th output of the last decode (negative counts from the end); null if invalid.</summary>
    [LibraryImport(Llama)]
    public static partial float* llama_get_logits_ith(SafeLlamaContextHandle context, int index);

    /// <summary>Sets the abort callback (honoured on CPU only).</summary>
    [LibraryImport(Llama)]
    public static partial void llama_set_abort_callback(SafeLlamaContextHandle context, delegate* unmanaged<void*, byte> callback, void* userData);
}
