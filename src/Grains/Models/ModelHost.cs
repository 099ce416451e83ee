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
/// One model on one device: loads it, owns its batch scheduler, admits requests and reports load. Not a grain: the silo
/// loads it at start; its <see cref="ModelGrain"/> is how the cluster sees it.
/// </summary>
public sealed partial class ModelHost(ModelHostOptions options, ILogger<ModelHost> logger) : IModelHost, IAsyncDisposable
{
    private LlamaModel? _model;
    private VisionProjector? _projector;
    private volatile BatchScheduler? _scheduler;
    private ModelDescriptor? _descriptor;
    private volatile ModelStatus _status = ModelStatus.Loading;
    private static readonly SessionCounters NoSessions = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <inheritdoc/>
    public string ModelId => options.ResolvedModelId;

    /// <inheritdoc/>
    public ModelStatus Status => _status == ModelStatus.Ready && _scheduler?.LoopFailure is not null ? ModelStatus.Failed : _status;

    /// <summary>Why loading failed or the scheduler loop died, when Status is Failed.</summary>
    public string? FailureReason => _scheduler?.LoopFailure is { } died ? "scheduler loop died: " + died.Message : _loadFailure;

    private string? _loadFailure;

    /// <summary>True when the scheduler's loop thread died (the weights are still loaded): <see cref="RestartSchedulerAsync"/> brings it back.</summary>
    public bool SchedulerDied => _scheduler?.LoopFailure is not null;

    /// <inheritdoc/>
    public ModelDescriptor Descriptor => _descriptor ?? new ModelDescriptor(ModelId, options.Path, string.Empty,
        options.Scheduler.ContextPerSequence, options.Scheduler.Sequences, 0, 0, 0, string.Empty);

    /// <inheritdoc/>
    public ModelLoad Load => _scheduler?.Load is { } load
        ? new ModelLoad(load.Queued, load.Active, load.Sequences, load.KvTokensUsed, load.KvTokensCapacity, options.Scheduler.QueueCapacity)
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

    private LlamaModel Loaded => _model ?? throw new InvalidOperationException($"model '{ModelId}' is {_status}");

    /// <summary>Loads the weights and starts the scheduler; Status becomes Ready, or Failed with <see cref="FailureReason"/>.</summary>
    public async Task LoadAsync(IProgress<float>? progress, CancellationToken cancellationToken)
    {
        LogLoading(logger, ModelId, options.Path);
        try
        {
            var model = await Task.Run(() => LlamaModel.Load(options.Path, new ModelLoadOptions { GpuLayers = options.GpuLayers, MainGpu = options.MainGpu }, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            _model = model;
            if (options.Projector is { Length: > 0 } projector)
            {
                var projectorOptions = new VisionProjectorOptions { UseGpu = options.GpuLayers != 0, Threads = options.Scheduler.Threads ?? new VisionProjectorOptions().Threads };
                _projector = await Task.Run(() => VisionProjector.Load(model, projector, projectorOptions), cancellationToken).ConfigureAwait(false);
            }

            Fingerprint = await Task.Run(() => ModelFingerprint.Compute(options.Path), cancellationToken).ConfigureAwait(false);
            _scheduler = new BatchScheduler(model, options.Scheduler, logger, ModelId);
            _descriptor = new ModelDescriptor(ModelId, options.Path, model.Description, options.Scheduler.ContextPerSequence, options.Scheduler.Sequences,
                model.ContextLengthTrained, model.ParameterCount, model.SizeBytes, DeviceName(options.MainGpu, options.GpuLayers));
            _status = ModelStatus.Ready;
            LogReady(logger, ModelId, _descriptor.Description, _descriptor.Device);
        }
        catch (Exception error) when (error is ModelLoadException or InvalidOperationException or GgufFormatException or IOException)
        {
            _loadFailure = error.Message;
            _status = ModelStatus.Failed;
            LogLoadFailed(logger, ModelId, error);
        }
    }

    /// <inheritdoc/>
    public GenerationRequestError? Validate(GenerationRequest request) =>
        _scheduler?.Validate(request) ?? GenerationRequestValidator.Validate(request, int.MaxValue, options.Scheduler.ContextPerSequence);

    /// <inheritdoc/>
    public Admission Submit(GenerationRequest request, CancellationToken cancellationToken)
    {
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
    public Task EndSessionAsync(string sessionKey) => Scheduler.EndSessionAsync(sessionKey);

    /// <inheritdoc/>
    public Task<SessionSnapshot?> ExportSessionAsync(string sessionKey) => Scheduler.ExportSessionAsync(sessionKey);

    /// <inheritdoc/>
    public Task ImportSessionAsync(SessionSnapshot snapshot) => Scheduler.ImportSessionAsync(snapshot);

    private BatchScheduler Scheduler => _scheduler ?? throw new InvalidOperationException($"model '{ModelId}' is {_status}");

    /// <summary>
    /// Replaces a scheduler whose loop died with a new one on the same weights (the model stays loaded). Sessions lose
    /// their KV and rebuild it from history on their next turn. False when the scheduler is alive or the model not loaded.
    /// </summary>
    public async Task<bool> RestartSchedulerAsync()
    {
        if (_scheduler is not { LoopFailure: { } failure } dead || _model is null)
        {
            return false;
        }

        LogSchedulerRestart(logger, ModelId, failure);
        await dead.DisposeAsync().ConfigureAwait(false);
        _scheduler = new BatchScheduler(_model, options.Scheduler, logger, ModelId);
        return true;
    }

    /// <summary>Kills the scheduler loop as a native fault would (tests of the restart path).</summary>
    internal void InjectSchedulerFailure() => Scheduler.InjectLoopFailure(new InvalidOperationException("injected scheduler fault"));

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
        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync().ConfigureAwait(false);
        }

        _projector?.Dispose();
        _model?.Dispose();
    }

    private static string DeviceName(int mainGpu, int gpuLayers)
    {
        var gpus = LlamaDevices.List().Where(device => device.Type == GgmlDeviceType.Gpu).ToList();
        return gpuLayers != 0 && mainGpu < gpus.Count ? $"{gpus[mainGpu].Name} {gpus[mainGpu].Description}" : "CPU";
    }
}
