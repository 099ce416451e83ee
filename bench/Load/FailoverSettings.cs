namespace Cluster.Bench.Load;

/// <summary>
/// The shape of a failover run: conversations and turns, the fraction of all turns that must have succeeded before the kill,
/// how long a client retries a failed turn, the process id of every silo by name, and where to write every attempt (CSV).
/// </summary>
internal sealed record FailoverSettings(int Conversations, int Turns, double KillAfter, TimeSpan RetryFor, IReadOnlyDictionary<string, int> SiloPids, string? AttemptsCsv);
