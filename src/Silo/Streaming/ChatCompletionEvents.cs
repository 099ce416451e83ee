using System.Runtime.CompilerServices;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Silo.Generation;
using Cluster.Silo.Tools;

namespace Cluster.Silo.Streaming;

/// <summary>
/// The chunks of a streaming chat completion, framed as OpenAI frames them: the role first, then text, then
/// finish_reason in a chunk of its own with an empty delta (so the framing never depends on how the text was split),
/// then, after the last choice, usage if asked (by the client as a chunk, by the gateway as a comment). One choice's chunks;
/// <see cref="Generation.ChoiceStreams"/> merges those of several. An answer that may be tool calls is held while it could be one (forced calls: always) and
/// sent at its end as tool_calls deltas, each call's id and name first, then its arguments.
/// </summary>
internal static class ChatCompletionEvents
{
    public static async IAsyncEnumerable<ChatCompletionChunk> ReadAsync(IAsyncEnumerable<GenerationChunk> output, CompletionIdentity identity,
        StreamUsage usage, ToolUse? tools, LogProbWire? logProbs, int choice, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(usage);
        yield return Chunk(identity, choice, new ChatCompletionDelta { Role = "assistant", Content = string.Empty }, finishReason: null);
        var holding = tools is { MayCall: true };
        var forced = tools?.Choice is ToolChoiceKind.Required or ToolChoiceKind.Named;
        var held = string.Empty;
        var heldLogProbs = new List<TokenLogProb>();
        await foreach (var piece in OutputPieces.ReadAsync(output, cancellationToken).ConfigureAwait(false))
        {
            var text = piece.Text;
            IReadOnlyList<TokenLogProb>? pieceLogProbs = piece.LogProbs;
            if (holding)
            {
                held += text;
                heldLogProbs.AddRange(piece.LogProbs ?? []);
                (text, pieceLogProbs) = (string.Empty, null);
                if (!forced && !ToolCallText.MayStartCall(held))
                {
                    (holding, text, held, pieceLogProbs) = (false, held, string.Empty, [.. heldLogProbs]);
                    heldLogProbs.Clear();
                }
            }

            if (text.Length > 0 || pieceLogProbs is { Count: > 0 })
            {
                yield return Chunk(identity, choice, new ChatCompletionDelta { Content = text }, finishReason: null, logProbs?.Chat(pieceLogProbs));
            }

            if (piece.Summary is not { } summary)
            {
                continue;
            }

            var calls = ToolAnswer.Calls(held, summary, tools);
            if (calls is null && held.Length > 0)
            {
                yield return Chunk(identity, choice, new ChatCompletionDelta { Content = held }, finishReason: null, logProbs?.Chat(heldLogProbs));
            }

            for (var i = 0; i < (calls?.Count ?? 0); i++)
            {
                var call = calls![i];
                yield return Chunk(identity, choice, new ChatCompletionDelta
                {
                    ToolCalls = [new ChatToolCallDelta { Index = i, Id = call.Id, Type = call.Type, Function = new ChatFunctionCall { Name = call.Function!.Name, Arguments = string.Empty } }],
                }, finishReason: null);
                yield return Chunk(identity, choice, new ChatCompletionDelta
                {
                    ToolCalls = [new ChatToolCallDelta { Index = i, Function = new ChatFunctionCall { Arguments = call.Function.Arguments } }],
                }, finishReason: null);
            }

            yield return Chunk(identity, choice, new ChatCompletionDelta(), calls is null ? OpenAIWire.FinishReason(summary) : FinishReasons.ToolCalls);
            if (usage.Deliver(summary, choice) is { } total)
            {
                yield return new ChatCompletionChunk { Id = identity.Id, Created = identity.Created, Model = identity.Model, Choices = [], Usage = total };
            }
        }
    }

    private static ChatCompletionChunk Chunk(CompletionIdentity identity, int choice, ChatCompletionDelta delta, string? finishReason, ChatLogProbs? logProbs = null) => new()
    {
        Id = identity.Id,
        Created = identity.Created,
        Model = identity.Model,
        Choices = [new ChatCompletionChunkChoice { Index = choice, Delta = delta, FinishReason = finishReason, Logprobs = logProbs }],
    };
}
