using Cluster.Inference.Native;
using Microsoft.Extensions.Logging;

namespace Cluster.Inference.Embedding;

public sealed partial class EmbeddingScheduler
{
    private readonly List<(EmbeddingJob Job, int Index)> _inBatch = [];
    private long _decodes;
    private volatile Exception? _injectedFault;

    /// <summary>Makes the loop thread fail as a native fault would, at its next turn (tests of what its owner does then).</summary>
    internal void InjectLoopFailure(Exception error)
    {
        _injectedFault = error;
        _wake.Release();
    }

    /// <summary>llama_decode calls so far (each embeds up to Sequences inputs).</summary>
    internal long Decodes => Interlocked.Read(ref _decodes);

    private void RunLoop()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                if (_injectedFault is { } fault)
                {
                    throw fault;
                }

                while (_submitted.TryDequeue(out var job))
                {
                    for (var index = 0; index < job.Inputs.Count; index++)
                    {
                        _pending.Enqueue((job, index));
                    }
                }

                if (!FillBatch())
                {
                    _wake.Wait(_stop.Token);
                    continue;
                }

                var result = _context.Decode(_batch);
                Interlocked.Increment(ref _decodes);
                if (result == LlamaDecodeResult.Success)
                {
                    _context.Synchronize();
                    ReadVectors();
                }
                else
                {
                    LogDecodeFailed(_logger, result, _batch.Count);
                    var error = new InvalidOperationException($"llama_decode returned {result} for a batch of {_batch.Count} tokens");
                    foreach (var (job, _) in _inBatch)
                    {
                        job.Fail(error);
                    }
                }

                _context.ClearMemory();
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposal.
        }
        catch (Exception error)
        {
            LogLoopFailed(_logger, error);
            _loopFailure = error;
        }
        finally
        {
            FailWaiting(_loopFailure ?? new ObjectDisposedException(nameof(EmbeddingScheduler), "the model is shutting down"));
        }
    }

    private void FailWaiting(Exception error)
    {
        foreach (var (job, _) in _inBatch.Concat(_pending))
        {
            job.Fail(error);
        }

        while (_submitted.TryDequeue(out var job))
        {
            job.Fail(error);
        }
    }

    /// <summary>Moves whole inputs from the queue into the batch, one sequence each, while sequences and tokens last; false when there is nothing to decode.</summary>
    private bool FillBatch()
    {
        _batch.Clear();
        _inBatch.Clear();
        while (_pending.TryPeek(out var next) && _inBatch.Count < _context.Sequences)
        {
            var (job, index) = next;
            if (job.CancellationToken.IsCancellationRequested)
            {
                job.Cancel();
            }

            var tokens = job.Inputs[index];
            if (!job.Ended && _batch.Count + tokens.Length > _batch.Capacity)
            {
                break;
            }

            _pending.Dequeue();
            if (job.Ended)
            {
                continue;
            }

            var sequence = new LlamaSeqId(_inBatch.Count);
            for (var position = 0; position < tokens.Length; position++)
            {
                _batch.Add(tokens[position], new LlamaPos(position), sequence, wantOutput: true);
            }

            _inBatch.Add((job, index));
        }

        return _inBatch.Count > 0;
    }

    private void ReadVectors()
    {
        for (var sequence = 0; sequence < _inBatch.Count; sequence++)
        {
            var (job, index) = _inBatch[sequence];
            job.Set(index, UnitVector(_context.GetSequenceEmbedding(new LlamaSeqId(sequence))));
        }
    }

    /// <summary>The vector scaled to length 1 (as OpenAI and vLLM return embeddings); a zero vector stays zero.</summary>
    internal static float[] UnitVector(ReadOnlySpan<float> vector)
    {
        var squares = 0.0;
        foreach (var value in vector)
        {
            squares += (double)value * value;
        }

        var scale = squares > 0 ? 1 / Math.Sqrt(squares) : 0;
        var unit = new float[vector.Length];
        for (var i = 0; i < vector.Length; i++)
        {
            unit[i] = (float)(vector[i] * scale);
        }

        return unit;
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The embedding loop failed; the model stops serving")]
    private static partial void LogLoopFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "llama_decode returned {Result} for an embedding batch of {Tokens} tokens; its requests fail")]
    private static partial void LogDecodeFailed(ILogger logger, LlamaDecodeResult result, int tokens);
}
