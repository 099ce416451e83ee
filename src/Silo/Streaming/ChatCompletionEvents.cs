using System.Runtime.CompilerServices;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Silo.Generation;

namespace Cluster.Silo.Streaming;

/// <summary>
/// The chunks of a streaming chat completion, framed as OpenAI frames them: the role first, then text, then
/// finish_reason in a chunk of its own with an empty delta (so the framing never depends on how the text was split),
/// then usage if asked.
/// </summary>
internal static class ChatCompletionEvents
{
    public static async IAsyncEnumerable<ChatCompletionChunk> ReadAsync(IAsyncEnumerable<GenerationChunk> output, CompletionIdentity identity,
        bool includeUsage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        yield return Chunk(identity, new ChatCompletionDelta { Role = "assistant", Content = string.Empty }, finishReason: null);
        await foreach (var piece in OutputPieces.ReadAsync(output, cancellationToken).ConfigureAwait(false))
        {
            if (piece.Text.Length > 0)
            {
                yield return Chunk(identity, new ChatCompletionDelta { Content = piece.Text }, finishReason: null);
            }

            if (piece.Summary is not { } summary)
            {
                continue;
            }

            yield return Chunk(identity, new ChatCompletionDelta(), OpenAIWire.FinishReason(summary));
            if (includeUsage)
            {
                yield return new ChatCompletionChunk
                {
                    Id = identity.Id, Created = identity.Created, Model = identity.Model, Choices = [], Usage = OpenAIWire.Usage(summary),
                };
            }
        }
    }

    private static ChatCompletionChunk Chunk(CompletionIdentity identity, ChatCompletionDelta delta, string? finishReason) => new()
    {
        Id = identity.Id,
        Created = identity.Created,
        Model = identity.Model,
        Choices = [new ChatCompletionChunkChoice { Delta = delta, FinishReason = finishReason }],
    };
}
