namespace Cluster.Grains.Keys;

/// <summary>The cluster's API keys (hashes and limits), as grain state; one per cluster, key <see cref="Registry"/>.</summary>
[Alias("cluster.api-keys")]
public interface IApiKeysGrain : IGrainWithStringKey
{
    /// <summary>The key of the one registry grain.</summary>
    public const string Registry = "keys";

    /// <summary>The key whose hash is <paramref name="keyHash"/>, or null.</summary>
    [Alias("find")]
    Task<ApiKeyRecord?> FindAsync(string keyHash);

    /// <summary>Every key.</summary>
    [Alias("list")]
    Task<IReadOnlyList<ApiKeyRecord>> ListAsync();

    /// <summary>Adds a key; false when its id or hash exists already.</summary>
    [Alias("add")]
    Task<bool> AddAsync(ApiKeyRecord key);

    /// <summary>Removes a key; false when unknown.</summary>
    [Alias("remove")]
    Task<bool> RemoveAsync(string id);
}
