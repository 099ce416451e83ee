using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cluster.Inference.Generation;
using Cluster.Inference.Gguf;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Microsoft.Extensions.Logging;

namespace Cluster.Inference.Scheduling;

/// <summary>
/// Continuous batching over one llama.cpp context: one thread owns the context and loops
/// admit → chunked prefill within a per-step token budget → one decode for all sequences → sample → emit.
/// Callers get a stream per request; output is written to channels, so HTTP writers never block the loop.
/// </summary>
public sealed partial class BatchScheduler : IAsyncDisposable
{
    private readonly BatchSchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<PendingRequest> _queue;
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly LlamaContext _context;
    private readonly int _tokenBudget;
    private readonly int _microBatchSize;
    private readonly TokenBatch _batch;
    private readonly SequenceSlot[] _slots;
    private volatile SchedulerLoad _load;
    private volatile bool _draining;
    private int _disposed;
    private readonly StepProfile _profile = new();
    private readonly HostKvStore _hostStore;

    /// <summary>Creates the context and starts the loop thread.</summary>
    /// <param name="model">The loaded model.</param>
    /// <param name="options">Slots, context, budgets.</param>
    /// <param name="logger">Where the loop logs.</param>
    /// <param name="name">The model's name in metrics and traces; the file name without extension by default.</param>
    public BatchScheduler(LlamaModel model, BatchSchedulerOptions options, ILogger logger, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger;
        Model = model;
        Name = name ?? Path.GetFileNameWithoutExtension(model.FilePath);
        _modelTag = new TagList { { "model", Name } };
        _tokenBudget = Math.Max(options.StepTokenBudget, options.Sequences);

        // Beyond the budget: as much again for evening out prompt chunks, a padding token per idle slot and a
        // turn-end token per finishing session turn.
        var capacity = (2 * _tokenBudget) + (2 * options.Sequences);
        _microBatchSize = Math.Min(options.MicroBatchSize, capacity);
        _context = LlamaContext.Create(model, new LlamaContextOptions
        {
            ContextSize = options.Sequences * options.ContextPerSequence,
            Sequences = options.Sequences,
            BatchSize = capacity,
            MicroBatchSize = _microBatchSize,
            Threads = options.Threads,
            FlashAttention = options.FlashAttention,
            KvType = options.KvType,
            KvUnified = options.KvUnified,
        });
        _batch = new TokenBatch(capacity);
        _slots = [.. Enumerable.Range(0, options.Sequences).Select(index => new SequenceSlot(index))];
        _hostStore = new HostKvStore(options.SessionHostPinned ? PinnedHostMemory.FindBufferType() : 0, options.SessionHostBudgetBytes,
            options.SessionHostBlockBytes ?? HostBlockBytes(model, options));
        _layoutSequences = new int[options.Sequences];
        _layoutTokens = new int[options.Sequences];
        _queue = Channel.CreateBounded<PendingRequest>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _load = new SchedulerLoad(0, 0, options.Sequences, 0, (long)options.Sequences * options.ContextPerSequence);
        _thread = new Thread(RunLoop) { IsBackground = true, Name = $"scheduler {Path.GetFileName(model.FilePath)}" };
        _thread.Start();
    }

    /// <summary>The model.</summary>
    public LlamaModel Model { get; }

    /// <summary>The model's name in metrics and traces.</summary>
    public string Name { get; }

    /// <summary>Tokens one request may use.</summary>
    public int ContextPerSequence => _options.ContextPerSequence;

    /// <summary>The latest load snapshot (updated every step).</summary>
    public SchedulerLoad Load => _load with { Queued = _queue.Reader.Count };

    /// <summary>Checks a request against this scheduler's context.</summary>
    public GenerationRequestError? Validate(GenerationRequest request) =>
        GenerationRequestValidator.Validate(request, Model.Vocabulary.TokenCount, _options.ContextPerSequence)
        ?? ImageSpanValidator.Validate(request, Model.EmbeddingLength)
        ?? ValidateChoices(request)
        ?? ValidateConstraints(request);

    /// <summary>Queues a valid request; false when the queue is full or the scheduler is draining.</summary>
    /// <exception cref="ArgumentException">The request is invalid.</exception>
    public bool TrySubmit(GenerationRequest request, CancellationToken cancellationToken, out IAsyncEnumerable<GenerationChunk> stream)
    {
        if (Validate(request) is { } error)
        {
            throw new ArgumentException(error.Message, error.Parameter);
        }

        var pending = new PendingRequest(request, cancellationToken) { Activity = StartGenerationActivity(request, Name) };
        stream = ReadAsync(pending, cancellationToken);
        if (_draining || !_queue.Writer.TryWrite(pending))
        {
            pending.Activity?.SetStatus(ActivityStatusCode.Error, "queue full");
            pending.Activity?.Stop();
            return false;
        }

        _wake.Release();
        return true;
    }

    /// <summary>Stops admitting and waits until queued and running requests are done.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        while (Load.Queued > 0 || _load.Active > 0)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _draining = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Release();
        await Task.Run(_thread.Join).ConfigureAwait(false);
        _batch.Dispose();
        _imageRows?.Dispose();
        _context.Dispose();
        foreach (var slot in _slots)
        {
            slot.Sampler?.Dispose(); // after the context, which uses attached chains until it is freed
        }

        _hostStore.Dispose();

        _stop.Dispose();
        _wake.Dispose();
    }

    // Blocks that each hold a full slot, when at least four fit the host budget; else power-of-two blocks.
    private static long HostBlockBytes(LlamaModel model, BatchSchedulerOptions options) =>
        FullSlotStateBytes(model, options) is var full && full * 4 <= options.SessionHostBudgetBytes ? full : 0;

    // What llama_state_seq_get_data writes for a full slot: K and V rows of every layer for each cell, the cell's
    // position and sequence data, and a header; the slack covers the header.
    internal static long FullSlotStateBytes(LlamaModel model, BatchSchedulerOptions options)
    {
        var type = (GgufTensorType)(int)options.KvType;
        var rowElements = (long)model.EmbeddingLength / model.HeadCount * model.KvHeadCount;
        var rowBytes = type.IsKnown ? (rowElements + type.BlockSize - 1) / type.BlockSize * type.TypeSize : rowElements * 4;
        var perCell = (2 * model.LayerCount * rowBytes) + 16;
        return (perCell * options.ContextPerSequence) + (1L << 20);
    }

    /// <summary>For tests, while idle: each slot's resident token count and the KV positions llama.cpp holds for it.</summary>
    internal IReadOnlyList<(int Resident, int KvMinPosition, int KvMaxPosition)> InspectSlots() =>
        [.. _slots.Select(slot => (slot.Resident.Count, _context.MinPosition(slot.Id), _context.MaxPosition(slot.Id)))];

    private static async IAsyncEnumerable<GenerationChunk> ReadAsync(PendingRequest pending, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        GenerationSummary? summary = null;
        try
        {
            await foreach (var chunk in pending.Output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                summary ??= chunk.Summary;
                yield return chunk;
            }
        }
        finally
        {
            pending.Abandon();
            StopGenerationActivity(pending, summary);
        }
    }
}
