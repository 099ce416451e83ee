using Cluster.Inference.Models;
using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

/// <summary>Where one session's KV lives: in a slot, in host memory, or nowhere (rebuilt from history); owned by the loop thread.</summary>
internal sealed class SessionResidency(string key)
{
    public string Key { get; } = key;

    /// <summary>The slot holding its KV, or null.</summary>
    public SequenceSlot? Slot { get; set; }

    /// <summary>Its KV saved to host memory (llama_state_seq_get_data), or null.</summary>
    public HostKvState? HostState { get; set; }

    /// <summary>The tokens HostState holds.</summary>
    public List<LlamaToken> HostTokens { get; set; } = [];

    public long LastUsed { get; set; }

    /// <summary>The LoRA adapter HostState's KV was computed with (null: the base model, or unknown after an import).</summary>
    public LoraAdapter? KvAdapter { get; set; }
}
