namespace Cluster.Inference.Scheduling;

/// <summary>A snapshot of the scheduler's work.</summary>
/// <param name="Queued">Requests waiting for a slot.</param>
/// <param name="Active">Sequences prefilling or decoding.</param>
/// <param name="Sequences">Slots in total.</param>
/// <param name="KvTokensUsed">KV cells held by all slots (resident prefixes included).</param>
/// <param name="KvTokensCapacity">KV cells in total.</param>
public sealed record SchedulerLoad(int Queued, int Active, int Sequences, long KvTokensUsed, long KvTokensCapacity);
