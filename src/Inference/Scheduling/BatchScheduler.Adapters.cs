using Cluster.Inference.Models;

namespace Cluster.Inference.Scheduling;

// LoRA adapters, when they cannot be applied per sequence (BatchScheduler.AdapterStack.cs: the prebuilt llama.cpp, or an
// adapter llama.cpp cannot stack). llama.cpp applies adapters to a whole context, so every step decodes the sequences
// of one adapter group (one adapter, or the base model) with the context switched to that adapter; the others keep
// their KV and wait. Policy: among the groups with work, the one served least recently goes next (a group never
// served yet comes first, the oldest admission breaking ties) and keeps the context for a turn of up to
// AdapterStepsPerTurn steps while it has work, so with G groups busy each gets one turn in G and none starves, however
// many sequences the others hold; with one group busy every step is its own, at full speed. Turns of several steps
// exist because llama.cpp re-reserves its compute graph at every adapter switch (bench/results/lora-h200.md).
// A slot's KV is reused (prefix, session) only by a request of the adapter that computed it.
public sealed partial class BatchScheduler
{
    private static readonly object BaseModelGroup = new();
    private readonly Dictionary<object, long> _groupServedAt = new(ReferenceEqualityComparer.Instance);
    private LoraAdapter? _stepAdapter;
    private object? _turnGroup;
    private int _turnSteps;

    /// <summary>Steps in which the context's adapter changed (each makes llama.cpp re-plan its graph).</summary>
    internal long AdapterSwitches { get; private set; }

    /// <summary>
    /// Lets go of an adapter about to be freed: the context stops applying it and no slot or session treats KV as
    /// computed with it (a later adapter under the same name is another adapter). Call once no request uses it.
    /// </summary>
    public Task ForgetAdapterAsync(LoraAdapter adapter) => RunOnLoopAsync(() =>
    {
        ArgumentNullException.ThrowIfNull(adapter);
        _unstackable.Remove(adapter);
        if (_context.StackedAdapters.Contains(adapter))
        {
            RestackAdapters([.. _context.StackedAdapters.Where(stacked => !ReferenceEquals(stacked, adapter))]);
        }

        if (ReferenceEquals(_context.Adapter, adapter))
        {
            _context.UseAdapter(null);
            _stepAdapter = null;
        }

        foreach (var slot in _slots.Where(slot => ReferenceEquals(slot.KvAdapter, adapter)))
        {
            _context.RemoveTokens(slot.Id);
            slot.Resident.Clear();
            slot.KvAdapter = null;
        }

        foreach (var session in _sessions.Values.Where(session => ReferenceEquals(session.KvAdapter, adapter)))
        {
            ReleaseHostState(session);
            session.HostTokens = [];
            session.KvAdapter = null;
        }

        _groupServedAt.Remove(adapter);
        if (ReferenceEquals(_turnGroup, adapter))
        {
            _turnGroup = null;
        }

        return true;
    });

    private bool InStep(ActiveSequence sequence) => _perSequenceStep || ReferenceEquals(sequence.Pending.Request.Adapter, _stepAdapter);

    private void ChooseStepAdapter()
    {
        if (TryStackStepAdapters())
        {
            return;
        }

        if (_turnGroup is not null && _turnSteps < _options.AdapterStepsPerTurn && GroupHasWork(_turnGroup))
        {
            _turnSteps++;
            _groupServedAt[_turnGroup] = _step;
            return;
        }

        ActiveSequence? next = null;
        var nextServedAt = long.MaxValue;
        foreach (var slot in _slots)
        {
            if (slot.Active is not { } sequence || (sequence.NextToken is null && !sequence.IsPrefilling))
            {
                continue;
            }

            var servedAt = _groupServedAt.GetValueOrDefault(GroupOf(sequence), -1);
            if (servedAt < nextServedAt || (servedAt == nextServedAt && sequence.Admitted < next!.Admitted))
            {
                next = sequence;
                nextServedAt = servedAt;
            }
        }

        if (next is null)
        {
            return;
        }

        var adapter = next.Pending.Request.Adapter;
        _turnGroup = GroupOf(next);
        _turnSteps = 1;
        _groupServedAt[_turnGroup] = _step;
        if (!ReferenceEquals(_context.Adapter, adapter))
        {
            AdapterSwitches++;
        }

        _context.UseAdapter(adapter);
        _stepAdapter = adapter;
    }

    private bool GroupHasWork(object group) => _slots.Any(slot => slot.Active is { } sequence
        && (sequence.NextToken is not null || sequence.IsPrefilling) && ReferenceEquals(GroupOf(sequence), group));

    private static object GroupOf(ActiveSequence sequence) => (object?)sequence.Pending.Request.Adapter ?? BaseModelGroup;
}
