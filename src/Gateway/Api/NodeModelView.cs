using Cluster.Grains.Models;

namespace Cluster.Gateway.Api;

/// <summary>A model on a silo in GET /admin/nodes and the dashboard.</summary>
internal sealed record NodeModelView(
    string Id,
    ModelStatus Status,
    double Load,
    int Slots,
    int ActiveSequences,
    int QueuedRequests,
    long KvTokensUsed,
    long KvTokensCapacity,
    int Sessions,
    string? FailureReason,
    long GeneratedTokens,
    IReadOnlyList<int> Gpus,
    string SplitMode,
    IReadOnlyList<string> Adapters,
    IReadOnlyList<ReplicaInfo> Replicas);
