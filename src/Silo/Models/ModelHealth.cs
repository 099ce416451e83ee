namespace Cluster.Silo.Models;

/// <summary>One model in the silo's readiness report.</summary>
/// <param name="Status">Loading, Ready, Draining or Failed.</param>
/// <param name="SchedulerRestarts">How many times the watchdog replaced a dead scheduler loop (generation or embeddings) since the model loaded.</param>
/// <param name="FailureReason">Why it is Failed, else null.</param>
internal sealed record ModelHealth(string Status, int SchedulerRestarts, string? FailureReason);
