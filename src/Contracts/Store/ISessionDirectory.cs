namespace Cluster.Contracts.Store;

/// <summary>The session directory: session key → owner silo, agreed by every gateway.</summary>
public interface ISessionDirectory
{
    /// <summary>The entry for a key, or null.</summary>
    Task<SessionEntry?> FindSessionAsync(string key, CancellationToken cancellationToken);

    /// <summary>Places a new session on <paramref name="siloId"/> unless it exists; returns the entry that holds (the existing owner wins).</summary>
    Task<SessionEntry> ClaimSessionAsync(string key, string model, string siloId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Moves a session from <paramref name="fromSiloId"/> to <paramref name="toSiloId"/> only if the owner is still the former; returns the entry that holds.</summary>
    Task<SessionEntry?> MoveSessionAsync(string key, string fromSiloId, string toSiloId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Sessions, most recently updated first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<SessionEntry>> ListSessionsAsync(int limit, CancellationToken cancellationToken);

    /// <summary>Removes a session and its history.</summary>
    Task RemoveSessionAsync(string key, CancellationToken cancellationToken);
}
