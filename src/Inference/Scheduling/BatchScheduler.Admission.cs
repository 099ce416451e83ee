using Cluster.Inference.Sampling;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private long _admitted;

    private void Admit()
    {
        while (FreeSlotExists() && _queue.Reader.TryRead(out var pending))
        {
            if (pending.IsAbandoned)
            {
                pending.Output.Writer.TryComplete(new OperationCanceledException(pending.Cancellation));
                continue;
            }

            var prompt = pending.Request.Prompt;
            var slot = ChooseSlot(pending);

            // Keep the longest resident prefix; at least one prompt token must be decoded to get logits.
            var reuse = Math.Min(slot.CommonPrefix(prompt), prompt.Count - 1);
            if (!_context.RemoveTokens(slot.Id, reuse))
            {
                _context.RemoveTokens(slot.Id);
                reuse = 0;
            }

            slot.Resident.RemoveRange(reuse, slot.Resident.Count - reuse);
            var vocabulary = Model.Vocabulary;
            var sampler = SamplerChain.Create(pending.Request.Sampling, vocabulary, pending.Request.IgnoreEos ? vocabulary.EndOfGenerationTokens : null,
                hostAfterTopK: _options.BackendSampling && _options.HostSamplingAfterTopK);
            if (_options.BackendSampling)
            {
                _context.SetBackendSampler(slot.Id, sampler);
            }

            slot.LastUsed = _step;
            slot.Active = new ActiveSequence(pending, slot, sampler, vocabulary, reuse) { Admitted = _admitted++ };
        }
    }

    private bool FreeSlotExists() => Array.Exists(_slots, slot => slot.Active is null);

    // The free slot holding the longest prefix of this prompt; without one, the least recently used.
    private SequenceSlot ChooseSlot(PendingRequest pending)
    {
        SequenceSlot? best = null;
        var bestPrefix = -1;
        foreach (var slot in _slots)
        {
            if (slot.Active is not null)
            {
                continue;
            }

            var prefix = slot.CommonPrefix(pending.Request.Prompt);
            if (prefix > bestPrefix || (prefix == bestPrefix && slot.LastUsed < best!.LastUsed))
            {
                best = slot;
                bestPrefix = prefix;
            }
        }

        return best!;
    }

    private void DropAbandoned()
    {
        foreach (var slot in _slots)
        {
            if (slot.Active is { Pending.IsAbandoned: true } sequence)
            {
                LogAbandoned(_logger, slot.Id.Value, sequence.Generated);
                Finish(sequence, new OperationCanceledException(sequence.Pending.Cancellation));
            }
        }
    }
}
