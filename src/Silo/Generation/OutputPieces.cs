using System.Runtime.CompilerServices;
using Cluster.Inference.Generation;

namespace Cluster.Silo.Generation;

/// <summary>Turns a grain's chunks into pieces to send: one piece per token that has text or log probabilities, the summary on the last.</summary>
/// <remarks>
/// Chunks already waiting are not merged: each token stays its own OpenAI chunk with its own delta, whether the reader kept
/// pace or the chunks came in a batch (a turn relayed through Orleans receives them so), as llama.cpp's server and vLLM send them.
/// </remarks>
internal static class OutputPieces
{
    public static async IAsyncEnumerable<OutputPiece> ReadAsync(IAsyncEnumerable<GenerationChunk> chunks,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        await foreach (var chunk in chunks.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (chunk.Summary is { } summary)
            {
                yield return new OutputPiece(chunk.Text, summary, chunk.LogProbs is { Count: > 0 } ? chunk.LogProbs : null);
                yield break;
            }

            if (chunk.Text.Length > 0 || chunk.LogProbs is { Count: > 0 })
            {
                yield return new OutputPiece(chunk.Text, null, chunk.LogProbs is { Count: > 0 } ? chunk.LogProbs : null);
            }
        }

        throw new InvalidOperationException("the generation ended without a summary");
    }

    /// <summary>Reads a whole generation.</summary>
    public static async Task<OutputPiece> CollectAsync(IAsyncEnumerable<GenerationChunk> chunks, CancellationToken cancellationToken)
    {
        var text = new System.Text.StringBuilder();
        List<TokenLogProb>? logProbs = null;
        await foreach (var piece in ReadAsync(chunks, cancellationToken).ConfigureAwait(false))
        {
            text.Append(piece.Text);
            if (piece.LogProbs is { } more)
            {
                (logProbs ??= []).AddRange(more);
            }

            if (piece.Summary is not null)
            {
                return piece with { Text = text.ToString(), LogProbs = logProbs };
            }
        }

        throw new InvalidOperationException("the generation ended without a summary");
    }
}
