using System.Collections.Concurrent;
using Cluster.Inference.Generation;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;
using Microsoft.Extensions.Logging;

namespace Cluster.Inference.Embedding;

/// <summary>
/// Embeds token sequences with an embedding model: one loop thread owns a context that outputs pooled embeddings and packs
/// the inputs of all waiting requests into each llama_decode (up to <see cref="BatchSchedulerOptions.Sequences"/> sequences
/// and one batch of tokens), then returns each sequence's vector L2-normalised.
/// </summary>
public sealed partial class EmbeddingScheduler : IAsyncDisposable
{
    private readonly LlamaContext _context;
    private readonly TokenBatch _batch;
    private readonly BatchSchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<EmbeddingJob> _submitted = new();
    private readonly Queue<(EmbeddingJob Job, int Index)> _pending = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private int _queued;
    private volatile Exception? _loopFailure;

    /// <summary>Creates the context (one batch of tokens, shared by the sequences of a decode) and starts the loop thread.</summary>
    /// <exception cref="InvalidOperationException">The model is not an embedding model, or llama.cpp refused the context.</exception>
    public EmbeddingScheduler(LlamaModel model, BatchSchedulerOptions options, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        if (!model.IsEmbeddingModel)
        {
            throw new InvalidOperationException($"'{model.FilePath}' pools no embeddings (pooling {model.PoolingType}); it is a generation model");
        }

        _options = options;
        _logger = logger;

        // A pooled sequence must lie in one micro-batch, so the batch, the micro-batch and the (unified) KV are the same size.
        var batchTokens = Math.Max(options.ContextPerSequence, options.StepTokenBudget);
        _context = LlamaContext.Create(model, new LlamaContextOptions
        {
            ContextSize = batchTokens,
            BatchSize = batchTokens,
            MicroBatchSize = batchTokens,
            Sequences = options.Sequences,
            Threads = options.Threads,
            FlashAttention = options.FlashAttention,
            KvUnified = true,
            Embeddings = true,
        });
        _batch = new TokenBatch(batchTokens);
        MaxInputTokens = options.ContextPerSequence;
        Dimensions = model.EmbeddingLength;
        _thread = new Thread(RunLoop) { IsBackground = true, Name = "embeddings " + Path.GetFileName(model.FilePath) };
        _thread.Start();
    }

    /// <summary>Most tokens one input may have.</summary>
    public int MaxInputTokens { get; }

    /// <summary>Length of every vector (the model's embedding width).</summary>
    public int Dimensions { get; }

    /// <summary>Requests waiting or being embedded.</summary>
    public int Queued => Volatile.Read(ref _queued);

    /// <summary>Why the loop thread died, or null while it runs.</summary>
    public Exception? LoopFailure => _loopFailure;

    /// <summary>
    /// Queues <paramref name="inputs"/> (each 1 to <see cref="MaxInputTokens"/> tokens); false when the queue is full or the loop died.
    /// The task yields one unit vector per input, in order; cancelling the token drops the inputs not yet decoded.
    /// </summary>
    public bool TrySubmit(IReadOnlyList<LlamaToken[]> inputs, CancellationToken cancellationToken, out Task<IReadOnlyList<float[]>> vectors)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0 || inputs.Any(input => input.Length is 0 || input.Length > MaxInputTokens))
        {
            throw new ArgumentException($"give at least one input, each of 1 to {MaxInputTokens} tokens", nameof(inputs));
        }

        vectors = Task.FromResult<IReadOnlyList<float[]>>([]);
        if (_loopFailure is not null || Interlocked.Increment(ref _queued) > _options.QueueCapacity)
        {
            Interlocked.Decrement(ref _queued);
            return false;
        }

        var job = new EmbeddingJob(inputs, cancellationToken);
        vectors = job.Vectors;
        _ = vectors.ContinueWith(_ => Interlocked.Decrement(ref _queued), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        _submitted.Enqueue(job);
        if (_loopFailure is { } died)
        {
            // The loop died between the check above and the enqueue: nothing will read the job.
            job.Fail(died);
        }

        _wake.Release();
        return true;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.Run(_thread.Join).ConfigureAwait(false);
        _batch.Dispose();
        _context.Dispose();
        _stop.Dispose();
        _wake.Dispose();
    }
}
