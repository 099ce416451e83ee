namespace Cluster.Grains.Models;

/// <summary>A snapshot of a model grain's load, for routing and metrics.</summary>
/// <param name="QueuedRequests">Requests admitted but not yet running.</param>
/// <param name="ActiveSequences">Sequences prefilling or decoding.</param>
/// <param name="MaxSequences">Sequences the context holds.</param>
/// <param name="KvTokensUsed">KV cells in use across sequences.</param>
/// <param name="KvTokensCapacity">KV cells available in total.</param>
/// <param name="QueueCapacity">Most requests that may wait.</param>
public sealed record ModelLoad(int QueuedRequests, int ActiveSequences, int MaxSequences, long KvTokensUsed, long KvTokensCapacity, int QueueCapacity)
{
    /// <summary>Fraction of KV cells in use.</summary>
    public double KvUsage => KvTokensCapacity == 0 ? 0 : (double)KvTokensUsed / KvTokensCapacity;
}
