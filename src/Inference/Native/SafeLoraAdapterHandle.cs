using Microsoft.Win32.SafeHandles;

namespace Cluster.Inference.Native;

/// <summary>Owns a llama_adapter_lora* and holds a reference on its model, which frees its adapters when it goes.</summary>
internal sealed class SafeLoraAdapterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private SafeLlamaModelHandle? _model;

    /// <summary>Creates an empty handle.</summary>
    public SafeLoraAdapterHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Loads an adapter for a model; returns an invalid handle if llama.cpp refuses the file.</summary>
    public static SafeLoraAdapterHandle Load(SafeLlamaModelHandle model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var adapter = new SafeLoraAdapterHandle();
        var added = false;
        model.DangerousAddRef(ref added);
        var pointer = LlamaNative.llama_adapter_lora_init(model, path);
        if (pointer == 0)
        {
            model.DangerousRelease();
            return adapter;
        }

        adapter._model = model;
        adapter.SetHandle(pointer);
        return adapter;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_adapter_lora_free(handle);
        _model?.DangerousRelease();
        return true;
    }
}
