using Microsoft.Win32.SafeHandles;

namespace Cluster.Inference.Native;

/// <summary>Owns a llama_context* and holds a reference on its model so the model cannot be freed under it.</summary>
internal sealed class SafeLlamaContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private SafeLlamaModelHandle? _model;

    /// <summary>Creates an empty handle.</summary>
    public SafeLlamaContextHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Creates a context on a model; returns an invalid handle if llama.cpp refuses.</summary>
    public static SafeLlamaContextHandle Create(SafeLlamaModelHandle model, LlamaContextParams parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new SafeLlamaContextHandle();
        var added = false;
        model.DangerousAddRef(ref added);
        var pointer = LlamaNative.llama_init_from_model(model, parameters);
        if (pointer == 0)
        {
            model.DangerousRelease();
            return context;
        }

        context._model = model;
        context.SetHandle(pointer);
        return context;
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_free(handle);
        _model?.DangerousRelease();
        return true;
    }
}
