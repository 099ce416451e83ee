using System.Runtime.CompilerServices;
using Cluster.Inference.Generation;

namespace Cluster.Silo.Generation;

/// <summary>Turns a grain's chunks into pieces to send: drops empty chunks, merges chunks that are already waiting, and puts the summary on the last text.</summary>
/// <remarks>Never waits to merge: a piece is held only while the next chunk is already available, so nothing is delayed.</remarks>
internal static class OutputPieces
{
    public static async IAsyncEnumerable<OutputPiece> ReadAsync(IAsyncEnumerable<GenerationChunk> chunks,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var held = string.Empty;
        List<TokenLogProb>? logProbs = null;
        var enumerator = chunks.GetAsyncEnumerator(cancellationToken);
        await using (enumerator.ConfigureAwait(false))
        {
            while (true)
            {
                var next = enumerator.MoveNextAsync();
                if ((held.Length > 0 || logProbs is { Count: > 0 }) && !next.IsCompleted)
                {
                    yield return new OutputPiece(held, null, logProbs);
                    held = string.Empty;
                    logProbs = null;
                }

                if (!await next.ConfigureAwait(false))
                {
                    break;
                }

                var chunk = enumerator.Current;
                held += chunk.Text;
                if (chunk.LogProbs is { } more)
                {
                    (logProbs ??= []).AddRange(more);
                }

                if (chunk.Summary is { } summary)
                {
                    yield return new OutputPiece(held, summary, logProbs);
                    yield break;
                }
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
