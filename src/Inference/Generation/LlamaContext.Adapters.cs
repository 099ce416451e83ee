using Cluster.Inference.Models;
using Cluster.Inference.Native;

namespace Cluster.Inference.Generation;

public sealed unsafe partial class LlamaContext
{
    private LoraAdapter? _adapter;

    /// <summary>The LoRA adapter the next decodes apply, or null for the base model.</summary>
    public LoraAdapter? Adapter => _adapter;

    /// <summary>
    /// Applies <paramref name="adapter"/> (null: none) to the next decodes. The context holds a reference on the adapter
    /// while it is set, so disposing the adapter frees it only once the context has moved off it. Switching makes
    /// llama.cpp re-plan its compute graph on the next decode.
    /// </summary>
    public void UseAdapter(LoraAdapter? adapter)
    {
        if (ReferenceEquals(adapter, _adapter))
        {
            return;
        }

        if (adapter is null)
        {
            LlamaNative.llama_set_adapters_lora(Handle, null, 0, null);
        }
        else
        {
            var added = false;
            adapter.Handle.DangerousAddRef(ref added);
            var pointer = adapter.Handle.DangerousGetHandle();
            var scale = adapter.Scale;
            LlamaNative.llama_set_adapters_lora(Handle, &pointer, 1, &scale);
        }

        _adapter?.Handle.DangerousRelease();
        _adapter = adapter;
    }
}
