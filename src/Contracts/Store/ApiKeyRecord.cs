namespace Cluster.Contracts.Store;

/// <summary>An API key as stored: only its hash, with its limits.</summary>
/// <param name="Id">Stable id (shown to operators; usage is counted under it).</param>
/// <param name="Name">What the key is for.</param>
/// <param name="KeyHash">Lowercase hex SHA-256 of the key (<see cref="ApiKeyHash.Compute"/>).</param>
/// <param name="RequestsPerMinute">Most requests per minute; 0 = unlimited.</param>
/// <param name="TokensPerMinute">Most tokens (prompt estimate + max output) per minute; 0 = unlimited.</param>
/// <param name="CreatedAt">When the key was added.</param>
public sealed record ApiKeyRecord(string Id, string Name, string KeyHash, int RequestsPerMinute, int TokensPerMinute, DateTimeOffset CreatedAt);
