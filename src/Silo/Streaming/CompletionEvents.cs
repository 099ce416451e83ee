using System.Runtime.CompilerServices;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Silo.Generation;

namespace Cluster.Silo.Streaming;

/// <summary>The chunks of a streaming text completion: text, finish_reason on the last, then usage if asked.</summary>
internal static class CompletionEvents
{
    public static async IAsyncEnumerable<Completion> ReadAsync(IAsyncEnumerable<GenerationChunk> output, CompletionIdentity identity,
        bool includeUsage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        await foreach (var piece in OutputPieces.ReadAsync(output, cancellationToken).ConfigureAwait(false))
        {
            var finishReason = piece.Summary is { } summary ? OpenAIWire.FinishReason(summary) : null;
            yield return new Completion
            {
                Id = identity.Id,
                Created = identity.Created,
                Model = identity.Model,
                Choices = [new CompletionChoice { Text = piece.Text, FinishReason = finishReason }],
            };
            if (piece.Summary is not null && includeUsage)
            {
                yield return new Completion
                {
                    Id = identity.Id, Created = identity.Created, Model = identity.Model, Choices = [], Usage = OpenAIWire.Usage(piece.Summary),
                };
            }
        }
    }
}
