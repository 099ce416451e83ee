namespace Cluster.Contracts.Store;

/// <summary>One session in the directory: which silo owns it.</summary>
/// <param name="Key">The session key, e.g. "h:abc" for an X-Session-Id header.</param>
/// <param name="Model">The model the session talks to.</param>
/// <param name="SiloId">The owner silo.</param>
/// <param name="CreatedAt">When the session was placed first.</param>
/// <param name="UpdatedAt">When the owner last changed or the session was last claimed.</param>
public sealed record SessionEntry(string Key, string Model, string SiloId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
