namespace Cluster.Contracts.Store;

/// <summary>API keys, stored hashed.</summary>
public interface IApiKeyStore
{
    /// <summary>The key whose hash is <paramref name="keyHash"/>, or null.</summary>
    Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken);

    /// <summary>All keys.</summary>
    Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken);

    /// <summary>Adds a key; false when its id or hash exists already.</summary>
    Task<bool> AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>Removes a key; false when unknown.</summary>
    Task<bool> RemoveApiKeyAsync(string id, CancellationToken cancellationToken);
}
