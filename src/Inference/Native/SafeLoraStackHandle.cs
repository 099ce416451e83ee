using Microsoft.Win32.SafeHandles;

namespace Cluster.Inference.Native;

/// <summary>
/// Owns a llama_adapter_lora_stack* and holds a reference on its model (the stack lives in buffers next to the model's
/// weights and must go first). The stack copies its adapters' weights, so it holds no reference on them.
/// </summary>
internal sealed unsafe class SafeLoraStackHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private SafeLlamaModelHandle? _model;

    /// <summary>Creates an empty handle.</summary>
    public SafeLoraStackHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Stacks adapters for a model (slot i + 1 = adapters[i]); returns an invalid handle if llama.cpp refuses one.</summary>
    public static SafeLoraStackHandle Create(SafeLlamaModelHandle model, IReadOnlyList<SafeLoraAdapterHandle> adapters)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(adapters);
        var stack = new SafeLoraStackHandle();
        var added = false;
        model.DangerousAddRef(ref added);
        var pointers = new nint[adapters.Count];
        var referenced = 0;
        try
        {
            for (; referenced < adapters.Count; referenced++)
            {
                var adapterAdded = false;
                adapters[referenced].DangerousAddRef(ref adapterAdded);
                pointers[referenced] = adapters[referenced].DangerousGetHandle();
            }

            fixed (nint* first = pointers)
            {
                var pointer = LlamaNative.llama_adapter_lora_stack_init(model, first, (nuint)pointers.Length);
                if (pointer == 0)
                {
                    model.DangerousRelease();
                    return stack;
                }

                stack._model = model;
                stack.SetHandle(pointer);
                return stack;
            }
        }
        finally
        {
            for (var i = 0; i < referenced; i++)
            {
                adapters[i].DangerousRelease();
            }
        }
    }

    /// <inheritdoc/>
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_adapter_lora_stack_free(handle);
        _model?.DangerousRelease();
        return true;
    }
}
