using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Text;

namespace Cluster.Inference.Scheduling;

/// <summary>A request running in a slot: prefill progress, sampler, text state; owned by the loop thread.</summary>
internal sealed class ActiveSequence(PendingRequest pending, SequenceSlot slot, SamplerChain sampler, LlamaVocabulary vocabulary, int cachedTokens)
{
    public PendingRequest Pending { get; } = pending;

    public SequenceSlot Slot { get; } = slot;

    /// <summary>The slot's sampler chain (owned by the slot).</summary>
    public SamplerChain Sampler { get; } = sampler;

    /// <summary>The log probability of the token just sampled, when the request asks for them.</summary>
    public TokenLogProb? LastLogProb { get; set; }

    /// <summary>The grammar the output must follow (owned by this sequence), or null.</summary>
    public GrammarConstraint? Grammar { get; init; }

    public TokenTextDecoder Decoder { get; } = new(vocabulary);

    public StopSequenceMatcher Stops { get; } = new(pending.Request.Stop);

    public int CachedTokens { get; } = cachedTokens;

    /// <summary>Which of the request's choices this sequence answers.</summary>
    public int Choice { get; init; }

    /// <summary>The request's other choices, waiting in their slots for this one's prompt KV and first logits.</summary>
    public List<ActiveSequence> Forks { get; } = [];

    /// <summary>Waiting for the KV of the choice that prefills the prompt (see <see cref="Forks"/>).</summary>
    public bool AwaitingFork { get; set; }

    /// <summary>Admission order, for fair prefill.</summary>
    public long Admitted { get; init; }

    /// <summary>Prompt tokens already in KV (starts at the reused prefix).</summary>
    public int Prefilled { get; set; } = cachedTokens;

    public int Generated { get; set; }

    /// <summary>Prompt tokens this step's batch takes from this sequence (set while the batch is built).</summary>
    public int PrefillThisStep { get; set; }

    /// <summary>Throwaway tokens after this step's chunk that even it out with its neighbours (see <see cref="PrefillRuns"/>).</summary>
    public int PaddingThisStep { get; set; }

    /// <summary>The sampled token waiting to be decoded, or null while prefilling.</summary>
    public LlamaToken? NextToken { get; set; }

    /// <summary>Index of this sequence's output in the batch being decoded, -1 if none.</summary>
    public int BatchIndex { get; set; } = -1;

    /// <summary>Answered already; its last token is decoded into the session's KV before the slot is released.</summary>
    public bool Finalizing { get; set; }

    /// <summary>A second token to decode after NextToken while finalizing (the turn-end token), or null.</summary>
    public LlamaToken? FinalTurnEnd { get; set; }

    public bool IsPrefilling => Prefilled < Pending.Request.Prompt.Count;

    public int Position => Slot.Resident.Count;
}
