using Cluster.Inference.Native;

namespace Cluster.Inference.Generation;

/// <summary>A streamed piece of output: the text it completes and the tokens that produced it; the last chunk carries the summary.</summary>
/// <param name="Text">Text safe to show now (whole characters, stop strings cut).</param>
/// <param name="Tokens">Tokens generated in this step.</param>
/// <param name="Summary">Set on the final chunk only.</param>
public sealed record GenerationChunk(string Text, IReadOnlyList<LlamaToken> Tokens, GenerationSummary? Summary)
{
    /// <summary>The answer this chunk belongs to (0 to <see cref="GenerationRequest.Choices"/> - 1).</summary>
    public int Choice { get; init; }

    /// <summary>The log probabilities of <see cref="Tokens"/>, when the request asked for them.</summary>
    public IReadOnlyList<TokenLogProb>? LogProbs { get; init; }
}
