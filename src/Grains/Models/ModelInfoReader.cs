namespace Cluster.Grains.Models;

/// <summary>Reads a <see cref="ModelInfo"/> off a model host.</summary>
internal static class ModelInfoReader
{
    /// <summary>The host's status, shape and load now.</summary>
    public static ModelInfo Read(ModelHost host)
    {
        var load = host.Load;
        return new ModelInfo(host.ModelId, host.Status, host.Descriptor.Device, host.Fingerprint, load.MaxSequences, load.ActiveSequences,
            load.QueuedRequests, load.QueueCapacity, load.KvTokensUsed, load.KvTokensCapacity, host.SessionCounters.Sessions, host.FailureReason, host.GeneratedTokens,
            host.Descriptor.Gpus, host.Descriptor.SplitMode.ToString().ToLowerInvariant(), host.AdapterNames,
            host.Embeddings is not null);
    }
}
