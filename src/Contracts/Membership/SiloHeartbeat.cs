namespace Cluster.Contracts.Membership;

/// <summary>What a ready silo reports about itself about once a second.</summary>
/// <param name="SiloId">Stable id of the silo process (unique in the cluster).</param>
/// <param name="Address">Base URL the gateway forwards to, e.g. "http://10.0.0.5:8080".</param>
/// <param name="Models">Model ids the silo serves (OpenAI "model").</param>
/// <param name="GpuName">Device name, e.g. "NVIDIA H200" or "CPU".</param>
/// <param name="GpuMemoryBytes">Device memory in bytes, 0 when unknown.</param>
/// <param name="Slots">Sequences the silo decodes at once, over all models.</param>
/// <param name="ActiveSequences">Sequences prefilling or decoding now.</param>
/// <param name="QueueDepth">Requests admitted but waiting for a slot.</param>
/// <param name="KvTokensUsed">KV cells in use.</param>
/// <param name="KvTokensCapacity">KV cells in total.</param>
/// <param name="Sessions">Interactive sessions resident on the silo.</param>
/// <param name="Draining">True when the silo itself is finishing its work and takes no new sessions.</param>
/// <param name="Leaving">True on the last heartbeat of a silo that is shutting down: remove it at once.</param>
public sealed record SiloHeartbeat(
    string SiloId,
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
    bool Draining = false,
    bool Leaving = false);
