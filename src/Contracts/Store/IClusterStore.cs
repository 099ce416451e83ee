namespace Cluster.Contracts.Store;

/// <summary>The shared state of a cluster: membership, session directory, histories, API keys and usage.</summary>
public interface IClusterStore : IMembershipStore, ISessionDirectory, ISessionHistoryStore, IApiKeyStore, IUsageStore
{
    /// <summary>Creates or migrates the schema; idempotent and safe when several processes start at once.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
