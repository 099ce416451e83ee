using Cluster.Inference.Generation;
using Cluster.Inference.Gguf;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Text;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Models;

/// <summary>One model on one device: loads it, owns its batch scheduler, admits requests and reports load.</summary>
public sealed partial class ModelGrain(ModelGrainOptions options, ILogger<ModelGrain> logger) : IModelGrain, IAsyncDisposable
{
    private LlamaModel? _model;
    private BatchScheduler? _scheduler;
    private ModelDescriptor? _descriptor;
    private volatile ModelGrainStatus _status = ModelGrainStatus.Loading;
    private static readonly SessionCounters NoSessions = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <inheritdoc/>
    public string ModelId => options.ResolvedModelId;

    /// <inheritdoc/>
    public ModelGrainStatus Status => _status;

    /// <summary>Why loading failed, when Status is Failed.</summary>
    public string? FailureReason { get; private set; }

    /// <inheritdoc/>
    public ModelDescriptor Descriptor => _descriptor ?? new ModelDescriptor(ModelId, options.Path, string.Empty,
        options.Scheduler.ContextPerSequence, options.Scheduler.Sequences, 0, 0, 0, string.Empty);

    /// <inheritdoc/>
    public ModelLoad Load => _scheduler?.Load is { } load
        ? new ModelLoad(load.Queued, load.Active, load.Sequences, load.KvTokensUsed, load.KvTokensCapacity, options.Scheduler.QueueCapacity)
        : new ModelLoad(0, 0, options.Scheduler.Sequences, 0, (long)options.Scheduler.Sequences * options.Scheduler.ContextPerSequence, options.Scheduler.QueueCapacity);

    /// <inheritdoc/>
    public string Fingerprint { get; private set; } = string.Empty;

    /// <inheritdoc/>
    public SessionCounters SessionCounters => _scheduler?.SessionCounters ?? NoSessions;

    /// <inheritdoc/>
    public LlamaVocabulary Vocabulary => Loaded.Vocabulary;

    /// <inheritdoc/>
    public ChatTemplate? ChatTemplate => Loaded.ChatTemplate;

    private LlamaModel Loaded => _model ?? throw new InvalidOperationException($"model '{ModelId}' is {_status}");

    /// <summary>Loads the weights and starts the scheduler; Status becomes Ready, or Failed with <see cref="FailureReason"/>.</summary>
    public async Task LoadAsync(IProgress<float>? progress, CancellationToken cancellationToken)
    {
        LogLoading(logger, ModelId, options.Path);
        try
        {
            var model = await Task.Run(() => LlamaModel.Load(options.Path, new ModelLoadOptions { GpuLayers = options.GpuLayers, MainGpu = options.MainGpu }, progress, cancellationToken), cancellationToken).ConfigureAwait(false);
            _model = model;
            Fingerprint = await Task.Run(() => ModelFingerprint.Compute(options.Path), cancellationToken).ConfigureAwait(false);
            _scheduler = new BatchScheduler(model, options.Scheduler, logger);
            _descriptor = new ModelDescriptor(ModelId, options.Path, model.Description, options.Scheduler.ContextPerSequence, options.Scheduler.Sequences,
                model.ContextLengthTrained, model.ParameterCount, model.SizeBytes, DeviceName(options.MainGpu, options.GpuLayers));
            _status = ModelGrainStatus.Ready;
            LogReady(logger, ModelId, _descriptor.Description, _descriptor.Device);
        }
        catch (Exception error) when (error is ModelLoadException or InvalidOperationException or GgufFormatException or IOException)
        {
            FailureReason = error.Message;
            _status = ModelGrainStatus.Failed;
            LogLoadFailed(logger, ModelId, error);
        }
    }

    /// <inheritdoc/>
    public GenerationRequestError? Validate(GenerationRequest request) =>
        _scheduler?.Validate(request) ?? GenerationRequestValidator.Validate(request, int.MaxValue, options.Scheduler.ContextPerSequence);

    /// <inheritdoc/>
    public Admission Submit(GenerationRequest request, CancellationToken cancellationToken)
    {
        if (_status != ModelGrainStatus.Ready || _scheduler is null)
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

    /// <summary>Stops admitting (new requests get 503) and waits for running work to finish.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        _status = ModelGrainStatus.Draining;
        if (_scheduler is not null)
        {
            await _scheduler.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _status = ModelGrainStatus.Draining;
        if (_scheduler is not null)
        {
            await _scheduler.DisposeAsync().ConfigureAwait(false);
        }

        _model?.Dispose();
    }

    private static string DeviceName(int mainGpu, int gpuLayers)
    {
        var gpus = LlamaDevices.List().Where(device => device.Type == GgmlDeviceType.Gpu).ToList();
        return gpuLayers != 0 && mainGpu < gpus.Count ? $"{gpus[mainGpu].Name} {gpus[mainGpu].Description}" : "CPU";
    }
}
