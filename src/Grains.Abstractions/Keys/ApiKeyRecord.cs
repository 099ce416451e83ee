namespace Cluster.Grains.Keys;

/// <summary>An API key as stored: only its hash, with its limits.</summary>
/// <param name="Id">Stable id (shown to operators; usage is counted and sessions are owned under it).</param>
/// <param name="Name">What the key is for.</param>
/// <param name="KeyHash">Lowercase hex SHA-256 of the key.</param>
/// <param name="RequestsPerMinute">Most requests per minute; 0 = unlimited.</param>
/// <param name="TokensPerMinute">Most tokens (prompt estimate + max output) per minute; 0 = unlimited.</param>
/// <param name="CreatedAt">When the key was added.</param>
[GenerateSerializer, Immutable, Alias("cluster.api-key")]
public sealed record ApiKeyRecord(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string KeyHash,
    [property: Id(3)] int RequestsPerMinute,
    [property: Id(4)] int TokensPerMinute,
    [property: Id(5)] DateTimeOffset CreatedAt);
