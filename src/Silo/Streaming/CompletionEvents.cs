using System.Runtime.CompilerServices;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Silo.Generation;

namespace Cluster.Silo.Streaming;

/// <summary>
/// The chunks of a streaming text completion: text, then finish_reason in a chunk of its own with empty text (so the
/// framing never depends on how the text was split), then, after the last choice, usage if asked (by the client as a chunk, by the gateway as a comment). One choice's chunks;
/// <see cref="Generation.ChoiceStreams"/> merges those of several.
/// </summary>
internal static class CompletionEvents
{
    public static async IAsyncEnumerable<Completion> ReadAsync(IAsyncEnumerable<GenerationChunk> output, CompletionIdentity identity,
        StreamUsage usage, LogProbWire? logProbs, int choice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(usage);
        var offset = 0;
        await foreach (var piece in OutputPieces.ReadAsync(output, cancellationToken).ConfigureAwait(false))
        {
            if (piece.Text.Length > 0 || piece.LogProbs is { Count: > 0 })
            {
                yield return Chunk(identity, choice, piece.Text, finishReason: null, logProbs?.Completion(piece.LogProbs, ref offset));
            }

            if (piece.Summary is not { } summary)
            {
                continue;
            }

            yield return Chunk(identity, choice, string.Empty, OpenAIWire.FinishReason(summary));
            if (usage.Deliver(summary, choice) is { } total)
            {
                yield return new Completion { Id = identity.Id, Created = identity.Created, Model = identity.Model, Choices = [], Usage = total };
            }
        }
    }

    private static Completion Chunk(CompletionIdentity identity, int choice, string text, string? finishReason, CompletionLogProbs? logProbs = null) => new()
    {
        Id = identity.Id,
        Created = identity.Created,
        Model = identity.Model,
        Choices = [new CompletionChoice { Index = choice, Text = text, FinishReason = finishReason, Logprobs = logProbs }],
    };
}
