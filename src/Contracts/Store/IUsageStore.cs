namespace Cluster.Contracts.Store;

/// <summary>Usage per API key.</summary>
public interface IUsageStore
{
    /// <summary>Adds <paramref name="usage"/> to the key's totals.</summary>
    Task AddUsageAsync(string keyId, TokenUsage usage, CancellationToken cancellationToken);

    /// <summary>Totals per key id.</summary>
    Task<IReadOnlyDictionary<string, TokenUsage>> ListUsageAsync(CancellationToken cancellationToken);
}
