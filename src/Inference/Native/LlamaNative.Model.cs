using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

internal static unsafe partial class LlamaNative
{
    /// <summary>Default model parameters.</summary>
    [LibraryImport(Llama)]
    public static partial LlamaModelParams llama_model_default_params();

    /// <summary>Loads a GGUF model; returns an invalid handle on failure.</summary>
    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    public static partial SafeLlamaModelHandle llama_model_load_from_file(string path, LlamaModelParams parameters);

    /// <summary>Frees a model.</summary>
    [LibraryImport(Llama)]
    public static partial void llama_model_free(nint model);

    /// <summary>The model's vocabulary (owned by the model).</summary>
    [LibraryImport(Llama)]
    public static partial nint llama_model_get_vocab(SafeLlamaModelHandle model);

    /// <summary>Context length the model was trained with.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_model_n_ctx_train(SafeLlamaModelHandle model);

    /// <summary>Embedding width.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_model_n_embd(SafeLlamaModelHandle model);

    /// <summary>Number of layers.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_model_n_layer(SafeLlamaModelHandle model);

    /// <summary>Number of attention heads.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_model_n_head(SafeLlamaModelHandle model);

    /// <summary>Number of KV heads.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_model_n_head_kv(SafeLlamaModelHandle model);

    /// <summary>Writes a one-line description; returns its length or a negative value on failure.</summary>
    [LibraryImport(Llama)]
    public static partial int llama_model_desc(SafeLlamaModelHandle model, byte* buffer, nuint bufferSize);

    /// <summary>Total size of all tensors in bytes.</summary>
    [LibraryImport(Llama)]
    public static partial ulong llama_model_size(SafeLlamaModelHandle model);

    /// <summary>Total number of parameters.</summary>
    [LibraryImport(Llama)]
    public static partial ulong llama_model_n_params(SafeLlamaModelHandle model);

    /// <summary>The model's chat template (null name = default); null if it has none.</summary>
    [LibraryImport(Llama)]
    public static partial byte* llama_model_chat_template(SafeLlamaModelHandle model, byte* name);

    /// <summary>A metadata value as a string; returns its length or -1 if the key is absent.</summary>
    [LibraryImport(Llama, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int llama_model_meta_val_str(SafeLlamaModelHandle model, string key, byte* buffer, nuint bufferSize);
}
