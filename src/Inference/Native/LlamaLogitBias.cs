using System.Runtime.InteropServices;

namespace Cluster.Inference.Native;

/// <summary>Mirror of llama_logit_bias.</summary>
/// <param name="Token">The biased token.</param>
/// <param name="Bias">Added to its logit (negative infinity bans it).</param>
[StructLayout(LayoutKind.Sequential)]
internal readonly record struct LlamaLogitBias(LlamaToken Token, float Bias);
