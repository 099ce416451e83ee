namespace Cluster.Bench.Load;

/// <summary>
/// One request of a failover conversation: which turn, when it started and ended (since the run began), its error, the silo
/// that answered, and the prompt tokens it had and found cached (a later turn with none cached was computed afresh from the history).
/// </summary>
internal sealed record FailoverAttempt(int Turn, TimeSpan Start, TimeSpan End, string? Error, string? Silo, int PromptTokens, int CachedTokens)
{
    /// <summary>Whether the whole answer arrived.</summary>
    public bool Succeeded => Error is null;
}
