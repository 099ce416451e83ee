using Cluster.Inference.Scheduling;

namespace Cluster.Grains.Models;

/// <summary>
/// One model of this silo under one name, served by one or more replicas (each a <see cref="ModelHost"/> with its own
/// weights, context and scheduler on its own GPUs). It serves while any replica does; figures are summed over them.
/// </summary>
public sealed partial class ModelReplicas : IAsyncDisposable
{
    private readonly ReplicaSet _set;

    /// <summary>Wraps the replicas (one at least, loaded from the same file under the same id).</summary>
    public ModelReplicas(IReadOnlyList<ModelHost> replicas)
    {
        ArgumentOutOfRangeException.ThrowIfZero(replicas.Count);
        _set = new ReplicaSet(replicas);
        Serving = new RoutedModelHost(_set, ModelId, replica => replica);
    }

    /// <summary>The replicas, in configuration order.</summary>
    public IReadOnlyList<ModelHost> Replicas => _set.Replicas;

    /// <summary>The model as requests naming it see it: each request runs on the replica chosen for it.</summary>
    public IModelHost Serving { get; }

    /// <summary>The id clients use.</summary>
    public string ModelId => Replicas[0].ModelId;

    /// <summary>Ready while any replica is; else Loading while any loads, Draining while any drains, else Failed.</summary>
    public ModelStatus Status => Replicas.Select(replica => replica.Status).MinBy(status => Array.IndexOf(StatusPreference, status));

    private static readonly ModelStatus[] StatusPreference = [ModelStatus.Ready, ModelStatus.Loading, ModelStatus.Draining, ModelStatus.Failed];

    /// <summary>Why replicas are not serving ("replica 1: …" when there are several), or null when all serve.</summary>
    public string? FailureReason => Replicas.Count == 1 ? Replicas[0].FailureReason
        : Replicas.Where(replica => replica.FailureReason is not null).Select(replica => $"replica {replica.Replica}: {replica.FailureReason}").ToList() is { Count: > 0 } reasons
            ? string.Join("; ", reasons) : null;

    /// <summary>The first replica's description, with the GPUs and devices of every replica.</summary>
    public ModelDescriptor Descriptor => Replicas.Count == 1 ? Replicas[0].Descriptor : Replicas[0].Descriptor with
    {
        Gpus = [.. Replicas.SelectMany(replica => replica.Descriptor.Gpus).Distinct().Order()],
        Device = string.Join(", ", Replicas.Select(replica => replica.Descriptor.Device).Distinct()),
    };

    /// <summary>Load summed over the replicas.</summary>
    public ModelLoad Load => _set.Load;

    /// <summary>The weights' fingerprint (every replica loads the same file).</summary>
    public string Fingerprint => Reference.Fingerprint;

    /// <summary>Output tokens generated, summed over the replicas.</summary>
    public long GeneratedTokens => Replicas.Sum(replica => replica.GeneratedTokens);

    /// <summary>Sessions whose KV the replicas keep, summed.</summary>
    public SessionCounters SessionCounters => _set.SessionCounters;

    /// <summary>Every name that selects one of its LoRA adapters (every replica holds the same set).</summary>
    public IReadOnlyList<string> AdapterNames => Reference.AdapterNames;

    /// <summary>
    /// The replica that answers for what all of them share (fingerprint, adapters, capabilities): the first that serves,
    /// since replica 0 may have failed to load while another serves; replica 0 while none does.
    /// </summary>
    internal ModelHost Reference => Replicas.FirstOrDefault(replica => replica.Status == ModelStatus.Ready) ?? Replicas[0];

    /// <summary>Dead scheduler loops replaced since the replicas loaded, summed.</summary>
    public int SchedulerRestarts => Replicas.Sum(replica => replica.SchedulerRestarts);

    /// <summary>What requests it answers (every replica loads the same files).</summary>
    public ModelCapabilities Capabilities => Reference.Capabilities;

    /// <summary>Each replica as the cluster view shows it.</summary>
    public IReadOnlyList<ReplicaInfo> ReplicaInfos => [.. Replicas.Select((replica, i) => new ReplicaInfo(i, replica.Status, replica.Descriptor.Gpus,
        replica.Load.ActiveSequences, replica.Load.QueuedRequests, _set.InFlight(i), _set.Admitted(i), replica.GeneratedTokens,
        replica.SessionCounters.Sessions, replica.FailureReason))];

    /// <summary>The model seen through the adapter <paramref name="name"/> selects, routed over the replicas; null when none answers to it.</summary>
    internal IModelHost? ViewThrough(string name) =>
        Reference.ViewThrough(name) is null ? null : new RoutedModelHost(_set, name, replica => replica.ViewThrough(name));

    /// <summary>The replica that holds <paramref name="sessionKey"/>'s KV, or -1.</summary>
    public int ReplicaOf(string sessionKey) => _set.SessionReplica(sessionKey);

    /// <summary>Stops admitting and waits for every replica's running work.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) => Task.WhenAll(Replicas.Select(replica => replica.DrainAsync(cancellationToken)));

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        foreach (var replica in Replicas)
        {
            await replica.DisposeAsync().ConfigureAwait(false);
        }
    }
}
