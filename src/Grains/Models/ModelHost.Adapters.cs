using System.Collections.Concurrent;
using Cluster.Inference.Models;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Models;

// LoRA adapters next to the model: those in its settings load with it (a bad one fails the model, with the reason),
// others are added and removed at run time. A request names one as "model:adapter" or by an alias.
public sealed partial class ModelHost
{
    private readonly ConcurrentDictionary<string, ServedAdapter> _adapters = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _adapterChanges = new(1, 1);

    /// <inheritdoc/>
    public TimeSpan RetryAfter => options.RetryAfter;

    /// <summary>Every name that selects one of its adapters ("model:adapter" and aliases), sorted.</summary>
    public IReadOnlyList<string> AdapterNames =>
        [.. _adapters.Values.SelectMany(adapter => adapter.Options.Aliases.Prepend(AdapterModelName(adapter.Options.Name))).Order(StringComparer.Ordinal)];

    /// <summary>The adapters, with the name of each ("model:adapter").</summary>
    internal IEnumerable<(string Name, LoraAdapterOptions Options)> Adapters =>
        _adapters.Values.Select(adapter => (AdapterModelName(adapter.Options.Name), adapter.Options)).OrderBy(pair => pair.Item1, StringComparer.Ordinal);

    /// <summary>The model as seen through the adapter <paramref name="name"/> selects, or null when no adapter answers to it.</summary>
    internal IModelHost? ViewThrough(string name)
    {
        if (name.Length > ModelId.Length + 1 && name.StartsWith(ModelId, StringComparison.Ordinal) && name[ModelId.Length] == ':'
            && _adapters.TryGetValue(name[(ModelId.Length + 1)..], out var named))
        {
            return new AdapterModelHost(this, named, name);
        }

        return _adapters.Values.FirstOrDefault(adapter => adapter.Options.Aliases.Contains(name, StringComparer.Ordinal)) is { } aliased
            ? new AdapterModelHost(this, aliased, name)
            : null;
    }

    /// <summary>Loads an adapter for the model; <paramref name="nameTaken"/> says whether a name already selects a model on this silo.</summary>
    public async Task<AdapterChange> AddAdapterAsync(LoraAdapterOptions adapter, Func<string, bool> nameTaken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(nameTaken);
        var problems = new List<string>();
        LoraAdapterValidator.Validate(adapter, "adapter", problems);
        if (problems.Count > 0)
        {
            return new AdapterChange(AdapterChangeStatus.Invalid, string.Join("; ", problems));
        }

        await _adapterChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Status != ModelStatus.Ready || _model is not { } model)
            {
                return new AdapterChange(AdapterChangeStatus.NotReady, $"model '{ModelId}' is {Status}");
            }

            var taken = _adapters.ContainsKey(adapter.Name) ? AdapterModelName(adapter.Name) : adapter.Aliases.FirstOrDefault(nameTaken);
            if (taken is not null)
            {
                return new AdapterChange(AdapterChangeStatus.Conflict, $"'{taken}' already names a model or adapter on this silo; choose another name");
            }

            var loaded = await Task.Run(() => LoraAdapter.Load(model, adapter.Name, adapter.Path, adapter.Scale), cancellationToken).ConfigureAwait(false);
            _adapters[adapter.Name] = new ServedAdapter(adapter, loaded);
            await StackAdaptersAsync().ConfigureAwait(false);
            LogAdapterAdded(logger, ModelId, adapter.Name, adapter.Path);
            return new AdapterChange(AdapterChangeStatus.Done, $"'{AdapterModelName(adapter.Name)}' is served");
        }
        catch (LoraAdapterLoadException error)
        {
            return new AdapterChange(AdapterChangeStatus.Invalid, error.Message);
        }
        finally
        {
            _adapterChanges.Release();
        }
    }

    /// <summary>Unloads an adapter no request is using.</summary>
    public async Task<AdapterChange> RemoveAdapterAsync(string name, CancellationToken cancellationToken)
    {
        await _adapterChanges.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_adapters.TryGetValue(name, out var adapter))
            {
                return new AdapterChange(AdapterChangeStatus.NotFound, $"model '{ModelId}' has no adapter '{name}'");
            }

            if (!adapter.TryRemove())
            {
                return new AdapterChange(AdapterChangeStatus.InUse, $"{adapter.Users} requests are using '{AdapterModelName(name)}'; remove it again once they end");
            }

            _adapters.TryRemove(name, out _);
            if (_scheduler is { LoopFailure: null } scheduler)
            {
                await scheduler.ForgetAdapterAsync(adapter.Adapter).ConfigureAwait(false);
            }

            adapter.Adapter.Dispose();
            LogAdapterRemoved(logger, ModelId, name);
            return new AdapterChange(AdapterChangeStatus.Done, $"'{AdapterModelName(name)}' is no longer served");
        }
        finally
        {
            _adapterChanges.Release();
        }
    }

    // The scheduler builds its per-sequence stack from every adapter the model serves as soon as they change, not at the first request of each.
    private Task StackAdaptersAsync() =>
        _scheduler is { LoopFailure: null } scheduler ? scheduler.StackAdaptersAsync([.. _adapters.Values.Select(served => served.Adapter)]) : Task.CompletedTask;

    private void LoadConfiguredAdapters(LlamaModel model)
    {
        foreach (var adapter in options.Adapters)
        {
            _adapters[adapter.Name] = new ServedAdapter(adapter, LoraAdapter.Load(model, adapter.Name, adapter.Path, adapter.Scale));
        }
    }

    private void DisposeAdapters()
    {
        foreach (var adapter in _adapters.Values)
        {
            adapter.Adapter.Dispose();
        }

        _adapters.Clear();
    }

    private string AdapterModelName(string adapter) => $"{ModelId}:{adapter}";

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelId}: LoRA adapter {Adapter} added from {Path}")]
    private static partial void LogAdapterAdded(ILogger logger, string modelId, string adapter, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {ModelId}: LoRA adapter {Adapter} removed")]
    private static partial void LogAdapterRemoved(ILogger logger, string modelId, string adapter);
}
