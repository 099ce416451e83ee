using Cluster.Inference.Models;
using Cluster.Inference.Native;

namespace Cluster.Inference.Generation;

public sealed partial class LlamaContext
{
    private SafeLoraStackHandle? _adapterStack;
    private LoraAdapter[] _stackedAdapters = [];

    /// <summary>The adapters applied per sequence (see <see cref="UseAdapterStack"/>); empty when none.</summary>
    public IReadOnlyList<LoraAdapter> StackedAdapters => _stackedAdapters;

    /// <summary>
    /// Makes the next decodes apply <paramref name="adapters"/> per sequence: each sequence uses the one
    /// <see cref="SetSequenceAdapter"/> gave it (every sequence starts on the base model), so sequences of different
    /// adapters decode together. llama.cpp copies the adapters' weights into one stack (the adapters may be disposed
    /// afterwards) and re-plans its compute graph on the next decode; nothing changes when the adapters are the same.
    /// Returns false, leaving no adapter applied per sequence, when the library lacks per-sequence adapters
    /// (<see cref="LlamaLibrary.PerSequenceAdapters"/>) or llama.cpp cannot stack one of them (the log says why).
    /// </summary>
    public bool UseAdapterStack(IReadOnlyList<LoraAdapter> adapters)
    {
        ArgumentNullException.ThrowIfNull(adapters);
        if (adapters.SequenceEqual(_stackedAdapters, ReferenceEqualityComparer.Instance))
        {
            return _adapterStack is not null || adapters.Count == 0;
        }

        SafeLoraStackHandle? next = null;
        if (adapters.Count > 0 && LlamaLibrary.PerSequenceAdapters)
        {
            next = SafeLoraStackHandle.Create(Model.Handle, [.. adapters.Select(adapter => adapter.Handle)]);
            if (next.IsInvalid)
            {
                next.Dispose();
                next = null;
            }
        }

        if (_adapterStack is not null || next is not null)
        {
            LlamaNative.llama_set_adapter_lora_stack(Handle, next?.DangerousGetHandle() ?? 0);
        }

        _adapterStack?.Dispose();
        _adapterStack = next;
        _stackedAdapters = next is null ? [] : [.. adapters];
        return next is not null || adapters.Count == 0;
    }

    /// <summary>Makes the next tokens of <paramref name="sequence"/> use <paramref name="adapter"/> (null: the base model), which must be stacked.</summary>
    public void SetSequenceAdapter(LlamaSeqId sequence, LoraAdapter? adapter)
    {
        if (_adapterStack is null)
        {
            if (adapter is not null)
            {
                throw new ArgumentException($"adapter '{adapter.Name}' is not in the context's stack (none is in use)", nameof(adapter));
            }

            return;
        }

        var slot = adapter is null ? 0 : Array.IndexOf(_stackedAdapters, adapter) + 1;
        if (adapter is not null && slot == 0)
        {
            throw new ArgumentException($"adapter '{adapter.Name}' is not in the context's stack", nameof(adapter));
        }

        if (LlamaNative.llama_set_seq_adapter_lora(Handle, sequence.Value, slot, adapter?.Scale ?? 1f) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sequence), sequence.Value, "not a sequence of this context");
        }
    }
}
