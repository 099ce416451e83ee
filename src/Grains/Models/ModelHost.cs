using Cluster.Inference.Embedding;
using Cluster.Inference.Generation;
using Cluster.Inference.Gguf;
using Cluster.Inference.Models;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Text;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Models;

/// <summary>
/// One replica of a model on its device(s): loads it, owns its batch scheduler, admits requests and reports load. Not a
/// grain: the silo loads it at start; its <see cref="ModelGrain"/> is how the cluster sees the model's replicas.
/// </summary>
/// <param name="options">The replica's settings (<see cref="ReplicaLayout"/> gives each replica its GPUs).</param>
/// <param name="logger">Where it logs.</param>
/// <param name="replica">Its place among the model's replicas (0 for a model of one).</param>
public sealed partial class ModelHost(ModelHostOptions options, ILogger<ModelHost> logger, int replica = 0) : IModelHost, IAsyncDisposable
{
    /// <summary>Its place among the model's replicas.</summary>
    public int Replica => replica;

    private LlamaModel? _model;
    private VisionProjector? _projector;
    private volatile BatchScheduler? _scheduler;
    private volatile EmbeddingScheduler? _embeddings;
    private int _schedulerRestarts;
    private ModelDescriptor? _descriptor;
    private volatile ModelStatus _status = ModelStatus.Loading;
    private static readonly SessionCounters NoSessions = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <inheritdoc/>
    public string ModelId => options.ResolvedModelId;

    /// <inheritdoc/>
    public ModelStatus Status => _status == ModelStatus.Ready && LoopFailure is not null ? ModelStatus.Failed : _status;

    /// <summary>Why loading failed or the scheduler loop died, when Status is Failed.</summary>
    public string? FailureReason => LoopFailure is { } died ? "scheduler loop died: " + died.Message : _loadFailure;

    private Exception? LoopFailure => _scheduler?.LoopFailure ?? _embeddings?.LoopFailure;

    private string? _loadFailure;

    /// <summary>True when the scheduler's (or embedding scheduler's) loop thread died (the weights are still loaded): <see cref="RestartSchedulerAsync"/> brings it back.</summary>
    public bool SchedulerDied => LoopFailure is not null;

    /// <summary>True when the last <see cref="LoadAsync"/> failed: the replica holds nothing, and loading it again may succeed.</summary>
    public bool LoadFailed => _status == ModelStatus.Failed;

    /// <summary>How many times a dead scheduler loop was replaced since the model loaded.</summary>
    public int SchedulerRestarts => Volatile.Read(ref _schedulerRestarts);

    /// <inheritdoc/>
    public ModelDescriptor Descriptor => _descriptor ?? new ModelDescriptor(ModelId, options.Path, string.Empty,
        options.Scheduler.ContextPerSequence, options.Scheduler.Sequences, 0, 0, 0, string.Empty, [], LlamaSplitMode.None);

    /// <inheritdoc/>
    public ModelLoad Load => _scheduler?.Load is { } load
        ? new ModelLoad(load.Queued, load.Active, load.Sequences, load.KvTokensUsed, load.KvTokensCapacity, options.Scheduler.QueueCapacity)
        : _embeddings is { } embeddings
        ? new ModelLoad(embeddings.Queued, 0, options.Scheduler.Sequences, 0, 0, options.Scheduler.QueueCapacity)
        : new ModelLoad(0, 0, options.Scheduler.Sequences, 0, (long)options.Scheduler.Sequences * options.Scheduler.ContextPerSequence, options.Scheduler.QueueCapacity);

    /// <inheritdoc/>
    public string Fingerprint { get; private set; } = string.Empty;

    /// <summary>Output tokens its current scheduler generated.</summary>
    public long GeneratedTokens => _scheduler?.GeneratedTokens ?? 0;

    /// <inheritdoc/>
    public SessionCounters SessionCounters => _scheduler?.SessionCounters ?? NoSessions;

    /// <inheritdoc/>
    public LlamaVocabulary Vocabulary => Loaded.Vocabulary;

    /// <inheritdoc/>
    public ChatTemplate? ChatTemplate => Loaded.ChatTemplate;

    /// <inheritdoc/>
    public VisionProjector? Projector => _projector;

    /// <summary>What requests it answers once loaded: embeddings, or chat (with images when it has a projector).</summary>
    public ModelCapabilities Capabilities => _embeddings is not null ? ModelCapabilities.Embeddings
        : _scheduler is null ? ModelCapabilities.None
        : _projector is not null ? ModelCapabilities.Chat | ModelCapabilities.Vision
        : ModelCapabilities.Chat;

    private LlamaModel Loaded => _model ?? throw new InvalidOperationException($"model '{ModelId}' is {_status}");

    /// <summary>
    /// Loads the weights and starts the scheduler; Status becomes Ready, or Failed with <see cref="FailureReason"/> and
    /// nothing held (weights, adapters and projector loaded before the failure are freed). A failed replica may be loaded
    /// again; one that is ready or draining may not.
    /// </summary>
    public async Task LoadAsync(IProgress<float>? progress, CancellationToken cancellationToken)
    {
        if (_status is not (ModelStatus.Loading or ModelStatus.Failed))
        {
            throw new InvalidOperationException($"model '{ModelId}' (replica {replica}) is {_status}: only a replica that has not loaded, or failed to, loads");
        }

        _status = ModelStatus.Loading;
        _loadFailure = null;
        LogLoading(logger, ModelId, options.Path);
        try
        {
            var placement = GpuPlacement.From(options);
            var model = await Task.Run(() => LlamaModel.Load(options.Path, placement.ToLoadOptions(options.GpuLayers), progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            _model = model;
            LoadConfiguredAdapters(model);
            if (options.Projector is { Length: > 0 } projector)
            {
                var projectorOptions = new VisionProjectorOptions { UseGpu = options.GpuLayers != 0, Threads = options.Scheduler.Threads ?? new VisionProjectorOptions().Threads };
                _projector = await Task.Run(() => VisionProjector.Load(model, projector, projectorOptions), cancellationToken).ConfigureAwait(false);
            }

            Fingerprint = await Task.Run(() => ModelFingerprint.Compute(options.Path), cancellationToken).ConfigureAwait(false);
            if (model.IsEmbeddingModel)
            {
                _embeddings = new EmbeddingScheduler(model, options.Scheduler, logger);
            }
            else
            {
                _scheduler = new BatchScheduler(model, options.Scheduler, logger, ModelId);
                await StackAdaptersAsync().ConfigureAwait(false);
            }

            _descriptor = new ModelDescriptor(ModelId, options.Path, model.Description, options.Scheduler.ContextPerSequence, options.Scheduler.Sequences,
                model.ContextLengthTrained, model.ParameterCount, model.SizeBytes, DevicesOf(placement, options.GpuLayers, out var gpus), gpus,
                gpus.Count == 0 ? LlamaSplitMode.None : placement.SplitMode);
            _status = ModelStatus.Ready;
            LogReady(logger, ModelId, _descriptor.Description, _descriptor.Device);
        }
        catch (Exception error) when (error is ModelLoadException or LoraAdapterLoadException or InvalidOperationException or GgufFormatException or IOException)
        {
            await ReleaseLoadedAsync().ConfigureAwait(false);
            _loadFailure = error.Message;
            _status = ModelStatus.Failed;
            LogLoadFailed(logger, ModelId, error);
        }
    }

    /// <inheritdoc/>
    public EmbeddingScheduler? Embeddings => _embeddings;

    /// <inheritdoc/>
    public GenerationRequestError? Validate(GenerationRequest request) => _embeddings is not null ? NotGenerative
        : _scheduler?.Validate(request) ?? GenerationRequestValidator.Validate(request, int.MaxValue, options.Scheduler.ContextPerSequence);

    private GenerationRequestError NotGenerative => new("model", "model_not_supported",
        $"The model '{ModelId}' is an embedding model: it serves /v1/embeddings, not text generation.");

    /// <inheritdoc/>
    public Admission Submit(GenerationRequest request, CancellationToken cancellationToken)
    {
        if (_embeddings is not null)
        {
            return Admission.Invalid(NotGenerative);
        }

        if (Status != ModelStatus.Ready || _scheduler is null)
        {
            return Admission.NotReady(options.RetryAfter);
        }

        if (_scheduler.Validate(request) is { } error)
        {
            return Admission.Invalid(error);
        }

        return _scheduler.TrySubmit(request, cancellationToken, out var stream)
            ? Admission.Accepted(stream)
            : Admission.QueueFull(options.RetryAfter);
    }

    /// <inheritdoc/>
    public Task<IReadOnlyList<float[]>>? Embed(IReadOnlyList<LlamaToken[]> inputs, CancellationToken cancellationToken) =>
        Status == ModelStatus.Ready && _embeddings is { } embeddings && embeddings.TrySubmit(inputs, cancellationToken, out var vectors) ? vectors : null;

    /// <inheritdoc/>
    public Task EndSessionAsync(string sessionKey) => Scheduler.EndSessionAsync(sessionKey);

    /// <inheritdoc/>
    public Task<SessionSnapshot?> ExportSessionAsync(string sessionKey) => Scheduler.ExportSessionAsync(sessionKey);

    /// <inheritdoc/>
    public Task ImportSessionAsync(SessionSnapshot snapshot) => Scheduler.ImportSessionAsync(snapshot);

    private BatchScheduler Scheduler => _scheduler ?? throw new InvalidOperationException($"model '{ModelId}' is {_status}");

    /// <summary>
    /// Replaces a scheduler (or embedding scheduler) whose loop died with a new one on the same weights (the model stays
    /// loaded). Sessions lose their KV and rebuild it from history on their next turn. False when the loop is alive or the
    /// model not loaded.
    /// </summary>
    public async Task<bool> RestartSchedulerAsync()
    {
        if (_model is null)
        {
            return false;
        }

        if (_scheduler is { LoopFailure: { } failure } dead)
        {
            LogSchedulerRestart(logger, ModelId, failure);
            await dead.DisposeAsync().ConfigureAwait(false);
            _scheduler = new BatchScheduler(_model, options.Scheduler, logger, ModelId);
            await StackAdaptersAsync().ConfigureAwait(false);
        }
        else if (_embeddings is { LoopFailure: { } embeddingFailure } deadEmbeddings)
        {
            LogSchedulerRestart(logger, ModelId, embeddingFailure);
            await deadEmbeddings.DisposeAsync().ConfigureAwait(false);
            _embeddings = new EmbeddingScheduler(_model, options.Scheduler, logger);
        }
        else
        {
            return false;
        }

        Interlocked.Increment(ref _schedulerRestarts);
        return true;
    }

    /// <summary>Kills the scheduler (or embedding) loop as a native fault would (tests of the restart path).</summary>
    internal void InjectSchedulerFailure()
    {
        var fault = new InvalidOperationException("injected scheduler fault");
        if (_embeddings is { } embeddings)
        {
            embeddings.InjectLoopFailure(fault);
        }
        else
        {
            Scheduler.InjectLoopFailure(fault);
        }
    }

    /// <summary>Stops admitting (new requests get 503) and waits for running work to finish.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _status = ModelStatus.Draining;
        if (_scheduler is not null)
        {
            await _scheduler.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _status = ModelStatus.Draining;
        await ReleaseLoadedAsync().ConfigureAwait(false);
    }

    // Frees what loading holds: schedulers, adapters, projector and weights.
    private async Task ReleaseLoadedAsync()
    {
        if (_scheduler is { } scheduler)
        {
            _scheduler = null;
            await scheduler.DisposeAsync().ConfigureAwait(false);
        }

        if (_embeddings is { } embeddings)
        {
            _embeddings = null;
            await embeddings.DisposeAsync().ConfigureAwait(false);
        }

        DisposeAdapters();
        _projector?.Dispose();
        _projector = null;
        _model?.Dispose();
        _model = null;
        Fingerprint = string.Empty;
    }

    private static string DevicesOf(GpuPlacement placement, int gpuLayers, out IReadOnlyList<int> occupied)
    {
        var gpus = LlamaDevices.Gpus();
        occupied = placement.Occupied(gpuLayers, gpus.Count);
        return occupied.Count == 0 ? "CPU" : string.Join(", ", occupied.Select(gpu => $"{gpus[gpu].Name} {gpus[gpu].Description}"));
    }
}
