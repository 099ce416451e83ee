namespace Cluster.Inference.Scheduling;

/// <summary>How often sessions moved between GPU, host memory and nothing.</summary>
/// <param name="Sessions">Sessions the scheduler knows.</param>
/// <param name="Resident">Sessions whose KV is in a slot.</param>
/// <param name="OnHost">Sessions whose KV is in host memory.</param>
/// <param name="HostBytes">Bytes of KV held in host memory.</param>
/// <param name="EvictedToHost">Evictions that saved the KV to host memory.</param>
/// <param name="Restored">Turns that restored KV from host memory.</param>
/// <param name="Dropped">Evictions that discarded the KV (host budget full).</param>
/// <param name="Rebuilt">Turns of known sessions that had to prefill their history again.</param>
public sealed record SessionCounters(int Sessions, int Resident, int OnHost, long HostBytes, long EvictedToHost, long Restored, long Dropped, long Rebuilt);
