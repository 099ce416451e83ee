using Cluster.Inference.Generation;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Scheduling;

// A request of n choices (OpenAI's n) takes n slots at once. The first prefills the prompt exactly as a request of one
// choice would; once its last prompt token is decoded, its KV is copied to the others (llama_memory_seq_cp: shared cells
// with unified KV, a stream copy before the next decode with per-sequence KV), and every choice draws its first token
// from that one logits row with its own sampler and grammar, then decodes on in its own sequence. Backend (GPU)
// sampling draws one token per output row, so there n is 1.
public sealed partial class BatchScheduler
{
    private GenerationRequestError? ValidateChoices(GenerationRequest request)
    {
        if (request.Choices > 1 && _options.BackendSampling)
        {
            return new GenerationRequestError("n", null, $"n is {request.Choices}; this model samples on the GPU (Scheduler:BackendSampling), one token per sequence and step, so n must be 1");
        }

        var limit = Math.Min(_options.MaxChoices, _options.Sequences);
        return request.Choices <= limit ? null : new GenerationRequestError("n", null, request.Choices > _options.Sequences
            ? $"n is {request.Choices}, but this model runs at most {_options.Sequences} sequences at once (Scheduler:Sequences); ask for at most {limit}"
            : $"n is {request.Choices}; this server answers at most {limit} choices per request (Scheduler:MaxChoices)");
    }

    // Free slots for the other choices besides the first one's: those holding no session first (lowest first), then
    // those of the least recently used idle sessions; null when too few are free (the request then waits).
    private List<SequenceSlot>? ChooseForkSlots(SequenceSlot first, int count)
    {
        if (count == 0)
        {
            return [];
        }

        var free = _slots.Where(slot => slot != first && slot.Active is null)
            .OrderBy(slot => slot.Session is null ? 0 : 1)
            .ThenBy(slot => slot.Session?.LastUsed ?? 0)
            .Take(count)
            .ToList();
        return free.Count == count ? free : null;
    }

    private void PlaceForks(ActiveSequence first, List<SequenceSlot> slots)
    {
        var request = first.Pending.Request;
        for (var i = 0; i < slots.Count; i++)
        {
            var slot = slots[i];
            if (slot.Session is not null)
            {
                EvictSession(slot);
            }

            _context.RemoveTokens(slot.Id);
            slot.Resident.Clear();
            slot.KvAdapter = request.Adapter;
            slot.LastUsed = _step;
            var sampler = SamplerFor(slot, request, ChoiceSampling(request.Sampling, i + 1));
            var fork = new ActiveSequence(first.Pending, slot, sampler, Model.Vocabulary, cachedTokens: 0)
            {
                Admitted = first.Admitted, Grammar = GrammarFor(request), Choice = i + 1, AwaitingFork = true,
            };
            slot.Active = fork;
            first.Forks.Add(fork);
        }
    }

    // After a decode: a first choice whose last prompt token was just decoded hands its KV to the others, which draw
    // their first tokens from its logits row.
    private void ForkPrefilled()
    {
        foreach (var slot in _slots)
        {
            if (slot.Active is not { Forks.Count: > 0, BatchIndex: >= 0 } first)
            {
                continue;
            }

            foreach (var fork in first.Forks)
            {
                _context.CopySequence(slot.Id, fork.Slot.Id);
                fork.Slot.Resident.AddRange(slot.Resident);
                fork.Prefilled = first.Prefilled;
                fork.BatchIndex = first.BatchIndex;
                fork.AwaitingFork = false;
            }

            first.Forks.Clear();
        }
    }

    // Choice i draws with seed + i, so each choice differs and a one-choice request with that seed repeats it.
    private static SamplingOptions ChoiceSampling(SamplingOptions sampling, int choice) =>
        sampling.Seed is { } seed ? sampling with { Seed = unchecked(seed + (uint)choice) } : sampling;
}
