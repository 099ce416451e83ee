using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_sampler_chain_params.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    /// <summary>Do not measure performance timings.</summary>
    public bool NoPerf;
}
