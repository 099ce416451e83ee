using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private long _step;

    private void RunLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                RunCommands();
                Admit();
                DropAbandoned();
                if (!_slots.Any(slot => slot.Active is not null))
                {
                    PublishLoad();
                    _wake.Wait(_stop.Token);
                    continue;
                }

                _step++;
                var started = System.Diagnostics.Stopwatch.GetTimestamp();
                BuildBatch();
                var built = System.Diagnostics.Stopwatch.GetTimestamp();
                var result = _context.Decode(_batch);
                var decoded = System.Diagnostics.Stopwatch.GetTimestamp();
                if (result != LlamaDecodeResult.Success)
                {
                    FailBatch(result);
                    continue;
                }

                SampleAndEmit();
                PublishLoad();
                _profile.Record(_batch.Count, _sampling.Count, built - started, decoded - built, System.Diagnostics.Stopwatch.GetTimestamp() - decoded);
                if (_profile.ShouldReport())
                {
                    var window = _profile.TakeWindow();
                    LogProfile(_logger, window.Steps, window.BatchTokensPerStep, window.OutputsPerStep, window.BuildMs, window.DecodeMs, window.SampleEmitMs);
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposal.
        }
        catch (Exception error)
        {
            LogLoopFailed(_logger, error);
            _draining = true;
        }
        finally
        {
            FailEverything();
        }
    }

    private void BuildBatch()
    {
        _batch.Clear();
        foreach (var slot in _slots)
        {
            if (slot.Active is { NextToken: { } token } sequence)
            {
                sequence.BatchIndex = _batch.Add(token, new LlamaPos(slot.Resident.Count), slot.Id, wantOutput: !sequence.Finalizing);
                slot.Resident.Add(token);
                sequence.NextToken = null;
                if (sequence is { Finalizing: true, FinalTurnEnd: { } turnEnd })
                {
                    _batch.Add(turnEnd, new LlamaPos(slot.Resident.Count), slot.Id, wantOutput: false);
                    slot.Resident.Add(turnEnd);
                }
            }
        }

        // Prefill shares what is left of the step budget, oldest admission first, so a long prompt is
        // processed in chunks between decode steps instead of stalling the running streams.
        foreach (var sequence in PrefillOrder())
        {
            var room = _batch.Capacity - _batch.Count;
            if (room == 0)
            {
                break;
            }

            var prompt = sequence.Pending.Request.Prompt;
            var end = Math.Min(prompt.Count, sequence.Prefilled + room);
            for (var i = sequence.Prefilled; i < end; i++)
            {
                var index = _batch.Add(prompt[i], new LlamaPos(i), sequence.Slot.Id, wantOutput: i == prompt.Count - 1);
                sequence.BatchIndex = index >= 0 ? index : sequence.BatchIndex;
                sequence.Slot.Resident.Add(prompt[i]);
            }

            sequence.Prefilled = end;
        }
    }

    private IEnumerable<ActiveSequence> PrefillOrder() =>
        _slots.Select(slot => slot.Active).OfType<ActiveSequence>().Where(sequence => sequence.IsPrefilling).OrderBy(sequence => sequence.Admitted);

    private void FailBatch(LlamaDecodeResult result)
    {
        LogDecodeFailed(_logger, result, _batch.Count);
        var error = new InvalidOperationException($"llama_decode failed: {result}");
        foreach (var slot in _slots)
        {
            if (slot.Active is { } sequence)
            {
                Finish(sequence, error);
                _context.RemoveTokens(slot.Id);
                slot.Resident.Clear();
            }
        }
    }

    private void FailEverything()
    {
        var error = new ObjectDisposedException(nameof(BatchScheduler), "the model is shutting down");
        foreach (var slot in _slots)
        {
            if (slot.Active is { } sequence)
            {
                Finish(sequence, error);
            }
        }

        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Output.Writer.TryComplete(error);
        }

        while (_commands.TryDequeue(out var command))
        {
            command();
        }
    }

    private void PublishLoad()
    {
        long kv = 0;
        var active = 0;
        foreach (var slot in _slots)
        {
            kv += slot.Resident.Count;
            active += slot.Active is null ? 0 : 1;
        }

        _load = new SchedulerLoad(0, active, _slots.Length, kv, (long)_slots.Length * _options.ContextPerSequence);
        PublishSessionCounters();
    }
}
