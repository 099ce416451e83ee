using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_sampler_seq_config: one backend sampler chain bound to one sequence.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerSeqConfig
{
    /// <summary>The sequence.</summary>
    public LlamaSeqId SeqId;

    /// <summary>The sampler chain (llama_sampler*).</summary>
    public nint Sampler;
}
