using Cluster.Inference.Generation;
using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private void EmitAll()
    {
        for (var i = 0; i < _sampling.Count; i++)
        {
            Emit(_sampling[i], _sampled[i]);
        }
    }

    private void Emit(ActiveSequence sequence, LlamaToken token)
    {
        sequence.BatchIndex = -1;
        var request = sequence.Pending.Request;
        if (!request.IgnoreEos && Model.Vocabulary.IsEndOfGeneration(token))
        {
            Complete(sequence, FinishReason.Stop, token, endToken: token);
            return;
        }

        sequence.Generated++;
        RecordToken(sequence.Pending);
        var text = sequence.Stops.Append(sequence.Decoder.Append(token));
        sequence.Pending.Output.Writer.TryWrite(new GenerationChunk(text, [token], null)
        {
            Choice = sequence.Choice, LogProbs = sequence.LastLogProb is { } logProb ? [logProb] : null,
        });
        if (sequence.Stops.Stopped)
        {
            Complete(sequence, FinishReason.Stop, token);
        }
        else if (sequence.Position + 1 >= _options.ContextPerSequence)
        {
            Complete(sequence, FinishReason.Length, lastToken: null);
        }
        else if (sequence.Generated >= (request.MaxTokens ?? int.MaxValue))
        {
            Complete(sequence, FinishReason.Length, token);
        }
        else
        {
            sequence.NextToken = token;
        }
    }

    // Answers at once. A session's last token is then decoded too (one more step, no output), so its next turn
    // finds the whole history in the KV; a stateless request releases its slot now.
    private void Complete(ActiveSequence sequence, FinishReason reason, LlamaToken? lastToken, LlamaToken? endToken = null)
    {
        var request = sequence.Pending.Request;
        var summary = new GenerationSummary(reason, request.Prompt.Count, sequence.Generated, sequence.Stops.MatchedStop, sequence.CachedTokens, endToken);
        RecordCompletion(summary, countPrompt: sequence.Choice == 0);
        sequence.Pending.Output.Writer.TryWrite(new GenerationChunk(sequence.Stops.Flush(), [], summary) { Choice = sequence.Choice });
        if (request.SessionKey is not null && lastToken is { } token && sequence.Position + 2 < _options.ContextPerSequence)
        {
            sequence.Pending.Output.Writer.TryComplete();
            sequence.Finalizing = true;
            sequence.NextToken = token;
            sequence.FinalTurnEnd = endToken is null ? request.TurnEndToken : null;
            return;
        }

        Finish(sequence, error: null);
    }

    private void Finish(ActiveSequence sequence, Exception? error)
    {
        var slot = sequence.Slot;
        slot.Active = null;
        slot.LastUsed = _step;
        if (sequence.IsPrefilling)
        {
            // A half-prefilled prompt is not a usable prefix beyond what was decoded; keep what is resident.
            slot.Resident.RemoveRange(sequence.Prefilled, slot.Resident.Count - sequence.Prefilled);
        }

        sequence.Grammar?.Dispose();
        var pending = sequence.Pending;
        pending.RunningChoices--;
        if (error is not null || pending.RunningChoices <= 0)
        {
            pending.Output.Writer.TryComplete(error);
        }
    }
}
