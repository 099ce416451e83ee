namespace Cluster.Bench.Load;

/// <summary>
/// Which silo the failover run killed, when the threshold was reached and when it was killed (since the run began; in between
/// the run asked /admin/sessions for the owners; and in UTC, to find it in the logs), after how many succeeded turns, the
/// sessions it owned then, and the owner of every session then.
/// </summary>
internal sealed record FailoverKill(string Silo, int Pid, TimeSpan Decided, TimeSpan At, DateTimeOffset AtUtc, int TurnsBefore, IReadOnlySet<string> Sessions,
    IReadOnlyDictionary<string, string> Owners);
