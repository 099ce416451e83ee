namespace Cluster.Contracts.Store;

/// <summary>Session histories, so a session survives the loss of its silo.</summary>
public interface ISessionHistoryStore
{
    /// <summary>The session's messages as a JSON array (OpenAI chat messages), or null.</summary>
    Task<string?> GetHistoryAsync(string key, CancellationToken cancellationToken);

    /// <summary>Replaces the session's history with <paramref name="messagesJson"/> (a JSON array).</summary>
    Task SaveHistoryAsync(string key, string model, string messagesJson, DateTimeOffset at, CancellationToken cancellationToken);
}
