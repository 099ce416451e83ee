using System.Runtime.CompilerServices;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Silo.Generation;

namespace Cluster.Silo.Streaming;

/// <summary>
/// The chunks of a streaming text completion: text, then finish_reason in a chunk of its own with empty text (so the
/// framing never depends on how the text was split), then usage if asked (by the client as a chunk, by the gateway as a comment).
/// </summary>
internal static class CompletionEvents
{
    public static async IAsyncEnumerable<Completion> ReadAsync(IAsyncEnumerable<GenerationChunk> output, CompletionIdentity identity,
        StreamUsage usage, LogProbWire? logProbs, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var offset = 0;
        await foreach (var piece in OutputPieces.ReadAsync(output, cancellationToken).ConfigureAwait(false))
        {
            if (piece.Text.Length > 0 || piece.LogProbs is { Count: > 0 })
            {
                yield return Chunk(identity, piece.Text, finishReason: null, logProbs?.Completion(piece.LogProbs, ref offset));
            }

            if (piece.Summary is not { } summary)
            {
                continue;
            }

            yield return Chunk(identity, string.Empty, OpenAIWire.FinishReason(summary));
            if (usage.Deliver(OpenAIWire.Usage(summary)))
            {
                yield return new Completion
                {
                    Id = identity.Id, Created = identity.Created, Model = identity.Model, Choices = [], Usage = OpenAIWire.Usage(summary),
                };
            }
        }
    }

    private static Completion Chunk(CompletionIdentity identity, string text, string? finishReason, CompletionLogProbs? logProbs = null) => new()
    {
        Id = identity.Id,
        Created = identity.Created,
        Model = identity.Model,
        Choices = [new CompletionChoice { Text = text, FinishReason = finishReason, Logprobs = logProbs }],
    };
}
