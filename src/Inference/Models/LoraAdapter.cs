using Cluster.Inference.Gguf;
using Cluster.Inference.Native;

namespace Cluster.Inference.Models;

/// <summary>
/// A GGUF LoRA adapter loaded for one model. llama.cpp applies adapters per context, so a scheduler switches its
/// context to a request's adapter for the steps that decode it; the adapter must outlive every context that uses it.
/// </summary>
public sealed class LoraAdapter : IDisposable
{
    private LoraAdapter(string name, string path, float scale, SafeLoraAdapterHandle handle)
    {
        Name = name;
        FilePath = path;
        Scale = scale;
        Handle = handle;
    }

    /// <summary>The adapter's name (the part after "base:" in a request's model).</summary>
    public string Name { get; }

    /// <summary>The file it came from.</summary>
    public string FilePath { get; }

    /// <summary>How strongly it applies (1 = as trained).</summary>
    public float Scale { get; }

    internal SafeLoraAdapterHandle Handle { get; }

    /// <summary>Loads an adapter for <paramref name="model"/>.</summary>
    /// <exception cref="LoraAdapterLoadException">The file is missing, not GGUF, not a LoRA adapter, or not for this model.</exception>
    public static LoraAdapter Load(LlamaModel model, string name, string path, float scale = 1f)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(path);
        Validate(path);
        var handle = SafeLoraAdapterHandle.Load(model.Handle, path);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new LoraAdapterLoadException(path,
                "llama.cpp refused it (a tensor the model does not have, a shape that does not match the model, or truncated data; the log says which)");
        }

        return new LoraAdapter(name, path, scale, handle);
    }

    /// <inheritdoc/>
    public void Dispose() => Handle.Dispose();

    // Our reader gives clearer reasons than llama.cpp's loader for the common mistakes: a missing file, a model file.
    private static void Validate(string path)
    {
        if (!File.Exists(path))
        {
            throw new LoraAdapterLoadException(path, "file not found");
        }

        GgufFile file;
        try
        {
            file = GgufReader.Read(path);
        }
        catch (GgufFormatException error)
        {
            throw new LoraAdapterLoadException(path, error.Message, error);
        }

        var type = file.Metadata.TryGetValue(GgufMetadataKeys.GeneralType, out var general) ? general.AsString() : "model";
        var kind = file.Metadata.TryGetValue(GgufMetadataKeys.AdapterType, out var adapter) ? adapter.AsString() : "none";
        if (type != "adapter" || kind != "lora")
        {
            throw new LoraAdapterLoadException(path, $"not a LoRA adapter (general.type is '{type}', adapter.type is '{kind}'; a LoRA adapter has 'adapter' and 'lora')");
        }
    }
}
