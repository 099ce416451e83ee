using Cluster.Inference.Sampling;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private long _admitted;

    private void Admit()
    {
        // Peek first: a request leaves the queue only once a slot takes it, so the queue's capacity is exact.
        while (_queue.Reader.TryPeek(out var pending))
        {
            if (pending.IsAbandoned)
            {
                _queue.Reader.TryRead(out _);
                pending.Output.Writer.TryComplete(new OperationCanceledException(pending.Cancellation));
                continue;
            }

            // Head of line waits when no slot can take it (all busy, or its session's slot is mid-turn), or too few
            // slots are free for all of its choices.
            if (ChooseSlot(pending) is not { } slot || ChooseForkSlots(slot, pending.Request.Choices - 1) is not { } forkSlots)
            {
                return;
            }

            _queue.Reader.TryRead(out _);
            var first = Place(pending, slot);
            PlaceForks(first, forkSlots);
        }
    }

    private ActiveSequence Place(PendingRequest pending, SequenceSlot slot)
    {
        var request = pending.Request;
        if (request.SessionKey is { } key)
        {
            if (!_sessions.TryGetValue(key, out var session))
            {
                session = new SessionResidency(key);
                _sessions[key] = session;
            }

            Bind(session, slot);
            session.LastUsed = _step;
        }
        else if (slot.Session is not null)
        {
            EvictSession(slot);
        }

        // Keep the longest resident prefix; at least one prompt token must be decoded to get logits.
        var prompt = request.Prompt;
        var reuse = (request.SessionKey is null && !_options.PrefixReuse) || !ReferenceEquals(slot.KvAdapter, request.Adapter)
            ? 0
            : Math.Min(slot.CommonPrefix(prompt), prompt.Count - 1);
        if (!_context.RemoveTokens(slot.Id, reuse))
        {
            _context.RemoveTokens(slot.Id);
            reuse = 0;
        }

        slot.Resident.RemoveRange(reuse, slot.Resident.Count - reuse);
        slot.KvAdapter = request.Adapter;
        var sampler = SamplerFor(slot, request, request.Sampling);
        slot.LastUsed = _step;
        slot.Active = new ActiveSequence(pending, slot, sampler, Model.Vocabulary, reuse) { Admitted = _admitted++, Grammar = GrammarFor(request) };
        pending.AdmittedAt = System.Diagnostics.Stopwatch.GetTimestamp();
        pending.RunningChoices = request.Choices;
        return slot.Active;
    }

    // Reuses the slot's chain when the request samples the same way: attaching a new backend chain makes llama.cpp
    // re-reserve its compute graph. A seeded chain restarts at its seed; an unseeded one keeps drawing from its RNG;
    // penalties need a clean history, which a reset gives only together with a replayed seed, so those get a new chain.
    private SamplerChain SamplerFor(SequenceSlot slot, Generation.GenerationRequest request, SamplingOptions sampling)
    {
        var onBackend = SamplesOnBackend(request);
        if (slot.Sampler is { } cached && slot.SamplerOptions == sampling && slot.SamplerBansEos == request.IgnoreEos
            && slot.SamplerOnBackend == onBackend && (sampling.Seed is not null || !sampling.HasPenalties))
        {
            if (sampling.Seed is not null)
            {
                cached.Reset();
            }

            return cached;
        }

        var vocabulary = Model.Vocabulary;
        var sampler = SamplerChain.Create(sampling, vocabulary, request.IgnoreEos ? vocabulary.EndOfGenerationTokens : null,
            hostAfterTopK: onBackend && _options.HostSamplingAfterTopK, candidateScan: _options.HostCandidateScan);
        if (onBackend || slot.SamplerOnBackend)
        {
            _context.SetBackendSampler(slot.Id, onBackend ? sampler : null);
        }

        slot.Sampler?.Dispose();
        slot.Sampler = sampler;
        slot.SamplerOptions = sampling;
        slot.SamplerBansEos = request.IgnoreEos;
        slot.SamplerOnBackend = onBackend;
        return sampler;
    }

    // A session's own slot; else the free slot without a session holding the longest prefix of this prompt
    // (the lowest on ties); else the free slot of the least recently used idle session.
    private SequenceSlot? ChooseSlot(PendingRequest pending)
    {
        if (SessionOf(pending)?.Slot is { } owned)
        {
            return owned.Active is null ? owned : null;
        }

        SequenceSlot? best = null;
        var bestPrefix = -1;
        foreach (var slot in _slots)
        {
            if (slot.Active is not null || slot.Session is not null)
            {
                continue;
            }

            // Ties go to the lowest slot: busy sequences stay packed (see BuildBatch).
            var prefix = ReferenceEquals(slot.KvAdapter, pending.Request.Adapter) ? slot.CommonPrefix(pending.Request.Prompt) : 0;
            if (prefix > bestPrefix)
            {
                best = slot;
                bestPrefix = prefix;
            }
        }

        return best ?? _slots.Where(slot => slot.Active is null && slot.Session is not null).MinBy(slot => slot.Session!.LastUsed);
    }

    private void DropAbandoned()
    {
        foreach (var slot in _slots)
        {
            if (slot.Active is { Pending.IsAbandoned: true, Finalizing: false } sequence)
            {
                LogAbandoned(_logger, slot.Id.Value, sequence.Generated);
                Finish(sequence, new OperationCanceledException(sequence.Pending.Cancellation));
            }
        }
    }
}
