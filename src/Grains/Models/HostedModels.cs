using System.Collections.Frozen;
using Microsoft.Extensions.Logging;

namespace Cluster.Grains.Models;

/// <summary>The models of this silo, created from its settings in order; owns and disposes them. Grains on this silo reach the models through it.</summary>
public sealed class HostedModels : IAsyncDisposable
{
    private readonly FrozenDictionary<string, HostedModel> _byId;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates (without loading) a host for every model in <paramref name="models"/>.</summary>
    public HostedModels(IEnumerable<ModelHostOptions> models, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        All = [.. models.Select(model => new HostedModel(
            new ModelHost(model, loggerFactory.CreateLogger<ModelHost>()),
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

    /// <summary>The model with this id if it serves now, or null.</summary>
    public ModelHost? FindReady(string modelId) => Find(modelId)?.Host is { Status: ModelStatus.Ready } host ? host : null;

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
