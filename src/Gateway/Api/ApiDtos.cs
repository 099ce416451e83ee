using Cluster.Gateway.Draining;

namespace Cluster.Gateway.Api;

/// <summary>One model in GET /v1/models, with the number of live silos serving it.</summary>
internal sealed record ClusterModel(string Id, string Object, long Created, string OwnedBy, int Replicas, IReadOnlyList<string> Silos);

/// <summary>The GET /v1/models list.</summary>
internal sealed record ClusterModelList(string Object, IReadOnlyList<ClusterModel> Data);

/// <summary>A silo in GET /admin/nodes.</summary>
internal sealed record NodeView(
    string Id,
    string Address,
    IReadOnlyList<string> Models,
    string GpuName,
    long GpuMemoryBytes,
    int Slots,
    int ActiveSequences,
    int QueueDepth,
    long KvTokensUsed,
    long KvTokensCapacity,
    int Sessions,
    bool Live,
    bool Healthy,
    bool Draining,
    DateTimeOffset LastHeartbeat,
    double HeartbeatAgeSeconds,
    DrainProgress? Drain);

/// <summary>A drain or undrain answer: after a drain, how far moving the silo's sessions got in the first pass.</summary>
internal sealed record DrainView(string Id, bool Draining, DrainProgress? Sessions);

/// <summary>A key in GET /admin/keys (never the key itself).</summary>
internal sealed record KeyView(string Id, string Name, int RequestsPerMinute, int TokensPerMinute, DateTimeOffset CreatedAt, long Requests, long PromptTokens, long CompletionTokens, long CachedTokens);

/// <summary>POST /admin/keys body.</summary>
internal sealed record CreateKeyRequest(string? Name, int RequestsPerMinute, int TokensPerMinute);

/// <summary>POST /admin/keys answer: the only time the key is shown.</summary>
internal sealed record CreatedKey(string Id, string Name, string Key, int RequestsPerMinute, int TokensPerMinute);

/// <summary>GET /health/ready answer.</summary>
internal sealed record ReadinessView(string Status, int LiveSilos, IReadOnlyList<string> Models);
