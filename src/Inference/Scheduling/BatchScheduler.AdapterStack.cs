using Cluster.Inference.Models;
using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

// Per-sequence LoRA adapters (scripts/llama-patches/per-sequence-lora.patch): the context holds a stack of every
// adapter its sequences use, and each sequence's tokens pick theirs, so one step decodes the sequences of every adapter
// and of the base model together at close to base throughput, with no adapter switch and no turns. The stack grows when
// a request brings an adapter it lacks and shrinks when an adapter is forgotten (each change re-plans llama.cpp's
// graph once). Without the patched library, with PerSequenceAdapters off, or for an adapter llama.cpp cannot stack
// (token-embedding or expert tensors), a step falls back to one adapter group (BatchScheduler.Adapters.cs).
public sealed partial class BatchScheduler
{
    private readonly HashSet<LoraAdapter> _unstackable = [];
    private readonly Dictionary<LlamaSeqId, LoraAdapter?> _sequenceAdapters = [];
    private bool _perSequenceStep;

    /// <summary>Steps that decoded sequences of more than one adapter group (adapters or the base model) together.</summary>
    internal long MixedAdapterSteps { get; private set; }

    /// <summary>Times the per-sequence stack was built (each copies every stacked adapter's weights).</summary>
    internal long AdapterRestacks { get; private set; }

    /// <summary>How many adapters the context's per-sequence stack holds (read off the loop: a test's view).</summary>
    internal int StackedAdapterCount => _context.StackedAdapters.Count;

    /// <summary>
    /// Builds the per-sequence stack from <paramref name="adapters"/> (the model's adapters, once loaded or changed) before any request needs it:
    /// a stack costs about 0.35 s per 8B adapter to build (bench/results/lora-h200.md), which requests would otherwise wait for, one new adapter
    /// at a time. False when per-sequence adapters are off or llama.cpp cannot stack them (a step then builds what it can, as before).
    /// </summary>
    public Task<bool> StackAdaptersAsync(IReadOnlyList<LoraAdapter> adapters) => RunOnLoopAsync(() =>
    {
        ArgumentNullException.ThrowIfNull(adapters);
        if (!_options.PerSequenceAdapters || !LlamaLibrary.PerSequenceAdapters || adapters.Count == 0)
        {
            return false;
        }

        if (adapters.Count == _context.StackedAdapters.Count && adapters.All(_context.StackedAdapters.Contains))
        {
            return true;
        }

        return RestackAdapters(adapters);
    });

    /// <summary>Prepares a step that decodes every sequence with its own adapter; false when this step must group by adapter.</summary>
    private bool TryStackStepAdapters()
    {
        _perSequenceStep = false;
        if (!_options.PerSequenceAdapters || !LlamaLibrary.PerSequenceAdapters)
        {
            return false;
        }

        // The common case, a model served without adapters: every sequence is on the base model, and nothing needs setting.
        if (_context.StackedAdapters.Count == 0 && _context.Adapter is null && !_slots.Any(slot => slot.Active?.Pending.Request.Adapter is not null))
        {
            _perSequenceStep = true;
            return true;
        }

        var working = _slots.Where(slot => slot.Active is { } sequence && (sequence.NextToken is not null || sequence.IsPrefilling)).ToList();
        var wanted = working.Select(slot => slot.Active!.Pending.Request.Adapter).OfType<LoraAdapter>().Distinct().ToList();
        if (wanted.Any(_unstackable.Contains))
        {
            _context.UseAdapterStack([]);
            _sequenceAdapters.Clear();
            return false;
        }

        var missing = wanted.Where(adapter => !_context.StackedAdapters.Contains(adapter)).ToList();
        if (missing.Count > 0 && !RestackAdapters([.. _context.StackedAdapters, .. missing]))
        {
            _unstackable.UnionWith(missing.Where(adapter => !_context.UseAdapterStack([adapter])));
            _context.UseAdapterStack([]);
            return false;
        }

        _context.UseAdapter(null);
        foreach (var slot in working)
        {
            var adapter = slot.Active!.Pending.Request.Adapter;
            if (!_sequenceAdapters.TryGetValue(slot.Id, out var current) || !ReferenceEquals(current, adapter))
            {
                _context.SetSequenceAdapter(slot.Id, adapter);
                _sequenceAdapters[slot.Id] = adapter;
            }
        }

        if (working.Select(slot => GroupOf(slot.Active!)).Distinct(ReferenceEqualityComparer.Instance).Skip(1).Any())
        {
            MixedAdapterSteps++;
        }

        _perSequenceStep = true;
        return true;
    }

    /// <summary>Rebuilds the context's stack from <paramref name="adapters"/>; every sequence's slot is set again before it decodes.</summary>
    private bool RestackAdapters(IReadOnlyList<LoraAdapter> adapters)
    {
        _sequenceAdapters.Clear();
        AdapterRestacks++;
        return _context.UseAdapterStack(adapters);
    }
}
