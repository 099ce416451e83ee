using Cluster.Grains.Placement;

namespace Cluster.Grains.Models;

/// <summary>
/// The cluster-facing side of one model on one silo: placed on the silo its key names, it answers for the
/// <see cref="ModelHost"/> that silo loaded (the host owns the scheduler; the grain only reads it).
/// </summary>
[SiloBoundPlacement]
internal sealed class ModelGrain(HostedModels models) : Grain, IModelGrain
{
    /// <inheritdoc/>
    public Task<ModelInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        var modelId = ModelKeys.ModelOf(this.GetPrimaryKeyString());
        return models.Find(modelId) is { } hosted
            ? Task.FromResult(ModelInfoReader.Read(hosted.Host))
            : Task.FromResult(new ModelInfo(modelId, ModelStatus.Failed, string.Empty, string.Empty, 0, 0, 0, 0, 0, 0, 0, "not hosted on this silo", 0, [], "none", [], [], ModelCapabilities.None));
    }

    /// <inheritdoc/>
    public Task<AdapterChange> AddAdapterAsync(LoraAdapterOptions adapter, long setVersion, CancellationToken cancellationToken = default) =>
        models.AddAdapterAsync(ModelKeys.ModelOf(this.GetPrimaryKeyString()), adapter, setVersion, cancellationToken);

    /// <inheritdoc/>
    public Task<AdapterChange> RemoveAdapterAsync(string name, long setVersion, CancellationToken cancellationToken = default) =>
        models.RemoveAdapterAsync(ModelKeys.ModelOf(this.GetPrimaryKeyString()), name, setVersion, cancellationToken);
}
