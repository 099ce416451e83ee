namespace Cluster.Grains.Models;

/// <summary>Reads a <see cref="ModelInfo"/> off a model's replicas.</summary>
internal static class ModelInfoReader
{
    /// <summary>The model's status, shape and load now, summed over its replicas, with each replica's own figures.</summary>
    public static ModelInfo Read(ModelReplicas model)
    {
        var load = model.Load;
        var descriptor = model.Descriptor;
        return new ModelInfo(model.ModelId, model.Status, descriptor.Device, model.Fingerprint, load.MaxSequences, load.ActiveSequences,
            load.QueuedRequests, load.QueueCapacity, load.KvTokensUsed, load.KvTokensCapacity, model.SessionCounters.Sessions, model.FailureReason, model.GeneratedTokens,
            descriptor.Gpus, descriptor.SplitMode.ToString().ToLowerInvariant(), model.AdapterNames, model.ReplicaInfos, model.Capabilities);
    }
}
