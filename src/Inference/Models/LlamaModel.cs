using System.Runtime.InteropServices;
using System.Text;
using Cluster.Inference.Gguf;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Inference.Models;

/// <summary>A GGUF model loaded by llama.cpp: weights on the configured devices, vocabulary, chat template and metadata.</summary>
public sealed unsafe class LlamaModel : IDisposable
{
    private LlamaModel(string path, SafeLlamaModelHandle handle)
    {
        FilePath = path;
        Handle = handle;
        Vocabulary = new LlamaVocabulary(this, LlamaNative.llama_model_get_vocab(handle));
        Description = ReadDescription(handle);
        ContextLengthTrained = LlamaNative.llama_model_n_ctx_train(handle);
        EmbeddingLength = LlamaNative.llama_model_n_embd(handle);
        LayerCount = LlamaNative.llama_model_n_layer(handle);
        HeadCount = LlamaNative.llama_model_n_head(handle);
        KvHeadCount = LlamaNative.llama_model_n_head_kv(handle);
        ParameterCount = (long)LlamaNative.llama_model_n_params(handle);
        SizeBytes = (long)LlamaNative.llama_model_size(handle);
        var template = LlamaNative.llama_model_chat_template(handle, null);
        ChatTemplate = template is null ? null : new ChatTemplate(Utf8(template));
        PoolingType = GetMetadata("general.architecture") is { } architecture
            && int.TryParse(GetMetadata(architecture + ".pooling_type"), System.Globalization.CultureInfo.InvariantCulture, out var pooling)
            && Enum.IsDefined((LlamaPoolingType)pooling)
                ? (LlamaPoolingType)pooling
                : LlamaPoolingType.None;
    }

    /// <summary>The file the model came from.</summary>
    public string FilePath { get; }

    /// <summary>llama.cpp's one-line description (architecture, size, type).</summary>
    public string Description { get; }

    /// <summary>Context length the model was trained with.</summary>
    public int ContextLengthTrained { get; }

    /// <summary>Embedding width.</summary>
    public int EmbeddingLength { get; }

    /// <summary>Number of transformer blocks.</summary>
    public int LayerCount { get; }

    /// <summary>Attention heads.</summary>
    public int HeadCount { get; }

    /// <summary>KV heads.</summary>
    public int KvHeadCount { get; }

    /// <summary>Number of parameters.</summary>
    public long ParameterCount { get; }

    /// <summary>Bytes of all tensors.</summary>
    public long SizeBytes { get; }

    /// <summary>The tokenizer.</summary>
    public LlamaVocabulary Vocabulary { get; }

    /// <summary>The chat template stored in the file, or null if it has none.</summary>
    public ChatTemplate? ChatTemplate { get; }

    /// <summary>How the GGUF pools token embeddings (<c>{arch}.pooling_type</c>): None for a generation model, Mean, Cls or Last for an embedding model.</summary>
    public LlamaPoolingType PoolingType { get; }

    /// <summary>True for an embedding model: its GGUF names a pooling of token embeddings into one vector per input.</summary>
    public bool IsEmbeddingModel => PoolingType is LlamaPoolingType.Mean or LlamaPoolingType.Cls or LlamaPoolingType.Last;

    internal SafeLlamaModelHandle Handle { get; }

    /// <summary>Loads a model; the libraries must be initialised (<see cref="LlamaLibrary.Initialize"/>).</summary>
    /// <exception cref="ModelLoadException">The file is missing, not GGUF, truncated, or llama.cpp refused it.</exception>
    public static LlamaModel Load(string path, ModelLoadOptions? options = null, IProgress<float>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= new ModelLoadOptions();
        ValidateFile(path);
        var parameters = LlamaNative.llama_model_default_params();
        using var placement = new ModelDevicePlacement();
        placement.Apply(options, ref parameters);
        parameters.LoadMode = options.UseMmap ? LlamaLoadMode.Mmap : LlamaLoadMode.None;
        using var observer = new ModelLoadProgress(progress, cancellationToken);
        observer.Apply(ref parameters);
        var handle = LlamaNative.llama_model_load_from_file(path, parameters);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw new ModelLoadException(path, "llama.cpp could not load it (truncated tensor data, unknown architecture, or not enough device memory; the log says which)");
        }

        return new LlamaModel(path, handle);
    }

    /// <summary>A metadata value as text, or null if the key is absent.</summary>
    public string? GetMetadata(string key)
    {
        Span<byte> buffer = stackalloc byte[512];
        int length;
        fixed (byte* pointer = buffer)
        {
            length = LlamaNative.llama_model_meta_val_str(Handle, key, pointer, (nuint)buffer.Length);
        }

        if (length < 0)
        {
            return null;
        }

        if (length < buffer.Length)
        {
            return Encoding.UTF8.GetString(buffer[..length]);
        }

        var large = new byte[length + 1];
        fixed (byte* pointer = large)
        {
            LlamaNative.llama_model_meta_val_str(Handle, key, pointer, (nuint)large.Length);
        }

        return Encoding.UTF8.GetString(large, 0, length);
    }

    /// <inheritdoc/>
    public void Dispose() => Handle.Dispose();

    private static void ValidateFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new ModelLoadException(path, "file not found");
        }

        try
        {
            GgufReader.Read(path);
        }
        catch (GgufFormatException error)
        {
            throw new ModelLoadException(path, error.Message, error);
        }
    }

    private static string ReadDescription(SafeLlamaModelHandle handle)
    {
        Span<byte> buffer = stackalloc byte[256];
        fixed (byte* pointer = buffer)
        {
            var length = LlamaNative.llama_model_desc(handle, pointer, (nuint)buffer.Length);
            return length <= 0 ? string.Empty : Encoding.UTF8.GetString(buffer[..Math.Min(length, buffer.Length - 1)]);
        }
    }

    private static string Utf8(byte* text) => Encoding.UTF8.GetString(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text));
}
