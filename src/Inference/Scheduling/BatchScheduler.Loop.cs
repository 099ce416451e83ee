using Cluster.Inference.Native;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private long _step;
    private long _microBatches;
    private volatile Exception? _loopFailure;

    /// <summary>Why the loop thread died, or null while it runs: a dead loop admits nothing, and its owner must replace it.</summary>
    public Exception? LoopFailure => _loopFailure;

    /// <summary>Makes the loop thread fail as a native fault would (tests of what its owner does then).</summary>
    internal void InjectLoopFailure(Exception error)
    {
        _commands.Enqueue(() => throw error);
        _wake.Release();
    }

    /// <summary>llama.cpp micro-batches of every step so far (see <see cref="MicroBatchSplit"/>).</summary>
    internal long MicroBatches => Volatile.Read(ref _microBatches);

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
                    _profile.Restart();
                    continue;
                }

                _step++;
                ChooseStepAdapter();
                _profile.End(StepPhase.Housekeeping);
                BuildBatch();
                _profile.End(StepPhase.Build);
                if (_batch.Count == 0)
                {
                    // Only image rows this step, decoded while the batch was built.
                    PublishLoad();
                    continue;
                }

                var result = _context.Decode(_batch);
                _profile.End(StepPhase.Submit);
                _context.Synchronize();
                RemovePadding();
                if (result != LlamaDecodeResult.Success)
                {
                    FailBatch(result);
                    continue;
                }

                _profile.End(StepPhase.DeviceWait);
                SampleAll();
                _profile.End(StepPhase.Sample);
                EmitAll();
                _profile.End(StepPhase.Emit);
                PublishLoad();
                var microBatches = MicroBatchesOfStep();
                Volatile.Write(ref _microBatches, _microBatches + microBatches);
                _profile.CountStep(_batch.Count, _sampling.Count, microBatches);
                if (_profile.ShouldReport())
                {
                    var window = _profile.TakeWindow();
                    LogProfile(_logger, window.Steps, window.BatchTokensPerStep, window.OutputsPerStep, window.MicroBatchesPerStep, window.HousekeepingMs, window.BuildMs,
                        window.SubmitMs, window.DeviceWaitMs, window.SampleMs, window.EmitMs);
                    LogSessionResidency();
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
            _loopFailure = error;
        }
        finally
        {
            FailEverything();
            _samplingWorkers?.Dispose();
        }
    }

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
