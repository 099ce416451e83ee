using Cluster.Inference.Native;

namespace Cluster.Inference.Generation;

/// <summary>The log probability of a generated token under the model (raw logits, before sampling settings) and the most likely alternatives.</summary>
/// <param name="Token">The token generated.</param>
/// <param name="LogProb">Its natural-log probability.</param>
/// <param name="Top">The most likely tokens at that step with their log probabilities, best first (empty unless asked).</param>
public sealed record TokenLogProb(LlamaToken Token, float LogProb, IReadOnlyList<(LlamaToken Token, float LogProb)> Top);
