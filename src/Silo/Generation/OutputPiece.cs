using Cluster.Inference.Generation;

namespace Cluster.Silo.Generation;

/// <summary>Text ready to send; the last piece of a generation also carries its summary.</summary>
/// <param name="Text">New text (may be empty on the last piece).</param>
/// <param name="Summary">Set on the last piece only.</param>
/// <param name="LogProbs">The log probabilities of the tokens since the previous piece, when asked for; else null.</param>
internal readonly record struct OutputPiece(string Text, GenerationSummary? Summary, IReadOnlyList<TokenLogProb>? LogProbs = null);
