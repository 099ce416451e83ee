using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;

namespace Cluster.Inference.Scheduling;

/// <summary>One KV sequence of the context and the tokens whose KV it holds; owned by the loop thread.</summary>
internal sealed class SequenceSlot(int index)
{
    public LlamaSeqId Id { get; } = new(index);

    /// <summary>Tokens whose KV is in this sequence, in position order (kept after a request ends, for prefix reuse).</summary>
    public List<LlamaToken> Resident { get; } = [];

    public ActiveSequence? Active { get; set; }

    /// <summary>The LoRA adapter <see cref="Resident"/>'s KV was computed with (null: the base model); KV is reused only under the same adapter.</summary>
    public LoraAdapter? KvAdapter { get; set; }

    /// <summary>The session whose KV this slot keeps between turns, or null.</summary>
    public SessionResidency? Session { get; set; }

    public long LastUsed { get; set; }

    /// <summary>The sampler chain attached to this sequence (kept between requests: attaching a backend chain re-reserves the graph).</summary>
    public SamplerChain? Sampler { get; set; }

    /// <summary>What <see cref="Sampler"/> was built for.</summary>
    public SamplingOptions? SamplerOptions { get; set; }

    /// <summary>Whether <see cref="Sampler"/> bans end-of-generation tokens.</summary>
    public bool SamplerBansEos { get; set; }

    /// <summary>Whether <see cref="Sampler"/> is attached to the sequence as a backend (GPU) sampler.</summary>
    public bool SamplerOnBackend { get; set; }

    public int CommonPrefix(IReadOnlyList<LlamaToken> prompt)
    {
        var limit = Math.Min(Resident.Count, prompt.Count);
        var length = 0;
        while (length < limit && Resident[length] == prompt[length])
        {
            length++;
        }

        return length;
    }
}
