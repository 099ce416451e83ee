using System.Collections.Frozen;
using Cluster.Grains.Models;
using Cluster.Silo.Configuration;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Models;

/// <summary>The model grains of this silo, created from Silo:Models in order; owns and disposes them.</summary>
internal sealed class HostedModels : IAsyncDisposable
{
    private readonly FrozenDictionary<string, HostedModel> _byId;
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public HostedModels(IOptions<SiloOptions> options, ILoggerFactory loggerFactory)
    {
        All = [.. options.Value.Models.Select(model => new HostedModel(
            new ModelGrain(model, loggerFactory.CreateLogger<ModelGrain>()),
            model,
            new DateTimeOffset(File.GetLastWriteTimeUtc(model.Path)).ToUnixTimeSeconds()))];
        _byId = All.ToFrozenDictionary(model => model.Grain.ModelId, StringComparer.Ordinal);
    }

    /// <summary>Every hosted model, in configuration order.</summary>
    public IReadOnlyList<HostedModel> All { get; }

    /// <summary>Completes when every model has finished loading, successfully or not.</summary>
    public Task Loaded => _loaded.Task;

    /// <summary>The model with this id, or null.</summary>
    public HostedModel? Find(string modelId) => _byId.GetValueOrDefault(modelId);

    /// <summary>Marks the end of loading.</summary>
    public void MarkLoaded() => _loaded.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        foreach (var model in All)
        {
            await model.Grain.DisposeAsync().ConfigureAwait(false);
        }
    }
}
