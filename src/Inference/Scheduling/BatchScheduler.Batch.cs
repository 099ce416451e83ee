using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

// How a step's batch is laid out. With per-sequence KV, llama.cpp splits a batch into micro-batches of consecutive
// sequence ids holding equal token counts (MicroBatchSplit), and every micro-batch reads all the weights once more.
// So the batch is written slot by slot; while sequences decode, an idle slot between busy ones gets one padding token
// (removed again after the step) so the decoding sequences form one run; neighbouring prompt chunks are evened out
// (PrefillRuns) so each run of them splits into full micro-batches instead of leaving a trail of small ones.
public sealed partial class BatchScheduler
{
    private readonly List<SequenceSlot> _padded = [];
    private readonly List<ActiveSequence> _prefilling = [];
    private readonly List<PrefillChunk> _chunks = [];
    private readonly int[] _layoutSequences;
    private readonly int[] _layoutTokens;
    private int _layoutCount;

    private void BuildBatch()
    {
        _batch.Clear();
        _padded.Clear();
        _layoutCount = 0;
        ChoosePrefill();
        EqualizePrefill();
        var decoding = Array.Exists(_slots, slot => slot.Active is { NextToken: not null } sequence && InStep(sequence));
        var first = Array.FindIndex(_slots, HasWork);
        var last = Array.FindLastIndex(_slots, HasWork);
        for (var index = first; index <= last && first >= 0; index++)
        {
            var slot = _slots[index];
            var before = _batch.Count;
            if (slot.Active is { NextToken: { } token } sequence && InStep(sequence))
            {
                AddDecode(slot, sequence, token);
            }
            else if (slot.Active is { PrefillThisStep: > 0 } imaging && ImageAt(imaging) is { } image)
            {
                PrefillImage(imaging, image);
            }
            else if (slot.Active is { PrefillThisStep: > 0 } prefilling)
            {
                AddPrefill(prefilling);
            }
            else if (decoding && !_options.KvUnified && slot.Resident.Count < _options.ContextPerSequence)
            {
                AddPadding(slot, 1);
            }

            RecordLayout(slot, _batch.Count - before);
        }
    }

    private bool HasWork(SequenceSlot slot) => slot.Active is { NextToken: not null } sequence && InStep(sequence) || slot.Active is { PrefillThisStep: > 0 };

    private void AddDecode(SequenceSlot slot, ActiveSequence sequence, LlamaToken token)
    {
        sequence.BatchIndex = _batch.Add(token, new LlamaPos(slot.Resident.Count), slot.Id, wantOutput: !sequence.Finalizing);
        slot.Resident.Add(token);
        sequence.NextToken = null;
        if (sequence is { Finalizing: true, FinalTurnEnd: { } turnEnd })
        {
            _batch.Add(turnEnd, new LlamaPos(slot.Resident.Count), slot.Id, wantOutput: false);
            slot.Resident.Add(turnEnd);
        }
    }

    private void AddPrefill(ActiveSequence sequence)
    {
        var prompt = sequence.Pending.Request.Prompt;
        var end = sequence.Prefilled + sequence.PrefillThisStep;
        for (var i = sequence.Prefilled; i < end; i++)
        {
            var index = _batch.Add(prompt[i], new LlamaPos(i), sequence.Slot.Id, wantOutput: i == prompt.Count - 1);
            sequence.BatchIndex = index >= 0 ? index : sequence.BatchIndex;
            sequence.Slot.Resident.Add(prompt[i]);
        }

        sequence.Prefilled = end;
        sequence.PrefillThisStep = 0;
        AddPadding(sequence.Slot, sequence.PaddingThisStep);
        sequence.PaddingThisStep = 0;
    }

    // Throwaway tokens after the slot's resident ones; causal attention keeps them out of every real token's view.
    private void AddPadding(SequenceSlot slot, int count)
    {
        for (var i = 0; i < count; i++)
        {
            _batch.Add(Model.Vocabulary.BeginningOfSequence, new LlamaPos(slot.Resident.Count + i), slot.Id, wantOutput: false);
        }

        if (count > 0)
        {
            _padded.Add(slot);
        }
    }

    // Prefill shares what the decode tokens leave of the step budget, oldest admission first, so a long prompt is
    // processed in chunks between decode steps instead of stalling the running streams, and the earliest requests
    // get their first token first. (Giving every waiting prompt an equal share made a burst of 64 requests all wait
    // for the whole burst: TTFT p50 1.3 s against 0.4 s, bench/results/serving-h200.md.)
    private void ChoosePrefill()
    {
        _prefilling.Clear();
        var room = _tokenBudget;
        foreach (var slot in _slots)
        {
            if (slot.Active is { } sequence)
            {
                sequence.PrefillThisStep = 0;
                sequence.PaddingThisStep = 0;
                if (!InStep(sequence))
                {
                    continue;
                }

                room -= sequence.NextToken is null ? 0 : sequence.FinalTurnEnd is null ? 1 : 2;
                if (sequence is { IsPrefilling: true, AwaitingFork: false })
                {
                    _prefilling.Add(sequence);
                }
            }
        }

        _prefilling.Sort((a, b) => a.Admitted.CompareTo(b.Admitted));
        foreach (var sequence in _prefilling)
        {
            if (room <= 0)
            {
                break;
            }

            sequence.PrefillThisStep = Math.Min(room, PrefillLimit(sequence) - sequence.Prefilled);
            room -= sequence.PrefillThisStep;
        }
    }

    private void EqualizePrefill()
    {
        if (_options.KvUnified)
        {
            return;
        }

        _chunks.Clear();
        foreach (var slot in _slots)
        {
            if (slot.Active is { PrefillThisStep: > 0 } sequence && ImageAt(sequence) is null)
            {
                var afterChunk = sequence.Prefilled + sequence.PrefillThisStep;
                _chunks.Add(new PrefillChunk(slot.Id.Value, sequence.PrefillThisStep, PrefillLimit(sequence) - afterChunk,
                    _options.ContextPerSequence - afterChunk));
            }
        }

        var chunks = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_chunks);
        PrefillRuns.Equalize(chunks, _tokenBudget);
        foreach (var chunk in chunks)
        {
            var sequence = _slots[chunk.Slot].Active!;
            sequence.PrefillThisStep += chunk.Extra;
            sequence.PaddingThisStep = chunk.Padding;
        }
    }

    private void RecordLayout(SequenceSlot slot, int tokens)
    {
        if (tokens > 0)
        {
            _layoutSequences[_layoutCount] = slot.Id.Value;
            _layoutTokens[_layoutCount++] = tokens;
        }
    }

    private int MicroBatchesOfStep() => _options.KvUnified
        ? (_batch.Count + _microBatchSize - 1) / _microBatchSize
        : MicroBatchSplit.Count(_layoutSequences.AsSpan(0, _layoutCount), _layoutTokens.AsSpan(0, _layoutCount), _microBatchSize);

    private void RemovePadding()
    {
        foreach (var slot in _padded)
        {
            _context.RemoveTokens(slot.Id, slot.Resident.Count);
        }

        _padded.Clear();
    }
}
