using System.Collections.Frozen;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Models;

/// <summary>The models of this silo, created from its settings in order; owns and disposes them. Grains on this silo reach the models through it.</summary>
public sealed partial class HostedModels : IAsyncDisposable
{
    private readonly FrozenDictionary<string, HostedModel> _byId;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates (without loading) a host for every model in <paramref name="models"/>.</summary>
    public HostedModels(IEnumerable<ModelHostOptions> models, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        All = [.. models.Select(model => new HostedModel(
            new ModelReplicas([.. ReplicaLayout.Expand(model).Select((replica, i) => new ModelHost(replica, loggerFactory.CreateLogger<ModelHost>(), i))]),
            model,
            new DateTimeOffset(File.GetLastWriteTimeUtc(model.Path)).ToUnixTimeSeconds()))];
        _byId = All.ToFrozenDictionary(model => model.Host.ModelId, StringComparer.Ordinal);
    }

    /// <summary>Every hosted model, in configuration order.</summary>
    public IReadOnlyList<HostedModel> All { get; }

    /// <summary>Completes when every model has finished loading, successfully or not.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The model with this id, or null.</summary>
    public HostedModel? Find(string modelId) => _byId.GetValueOrDefault(modelId);

    /// <summary>The model a request naming <paramref name="name"/> runs on: a model by id, or one seen through its LoRA adapter ("model:adapter" or an alias).</summary>
    public IModelHost? Resolve(string name) =>
        Find(name)?.Host.Serving ?? All.Select(model => model.Host.ViewThrough(name)).FirstOrDefault(view => view is not null);

    /// <summary>The model <paramref name="name"/> selects (see <see cref="Resolve"/>) if it serves now, or null.</summary>
    public IModelHost? FindReady(string name) => Resolve(name) is { Status: ModelStatus.Ready } host ? host : null;

    /// <summary>Every replica of every model, the units that load, run a scheduler and may die on their own.</summary>
    public IEnumerable<ModelHost> Replicas => All.SelectMany(model => model.Host.Replicas);

    /// <summary>
    /// Loads a LoRA adapter next to model <paramref name="modelId"/> as part of cluster set <paramref name="setVersion"/>
    /// (0: none); its aliases may not name anything this silo serves.
    /// </summary>
    public Task<AdapterChange> AddAdapterAsync(string modelId, LoraAdapterOptions adapter, long setVersion, CancellationToken cancellationToken) =>
        Find(modelId) is { } hosted
            ? hosted.Host.AddAdapterAsync(adapter, name => Resolve(name) is not null, setVersion, cancellationToken)
            : Task.FromResult(new AdapterChange(AdapterChangeStatus.NotFound, $"this silo does not serve model '{modelId}'"));

    /// <summary>Unloads a LoRA adapter of model <paramref name="modelId"/> that no request is using, as part of cluster set <paramref name="setVersion"/> (0: none).</summary>
    public Task<AdapterChange> RemoveAdapterAsync(string modelId, string adapter, long setVersion, CancellationToken cancellationToken) =>
        Find(modelId) is { } hosted
            ? hosted.Host.RemoveAdapterAsync(adapter, setVersion, cancellationToken)
            : Task.FromResult(new AdapterChange(AdapterChangeStatus.NotFound, $"this silo does not serve model '{modelId}'"));

    /// <summary>Marks the end of loading.</summary>
    public void MarkLoaded() => _loaded.TrySetResult();

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var model in All)
        {
            await model.Host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
