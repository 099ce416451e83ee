using Cluster.Contracts.Store;

namespace Cluster.Gateway.Store;

internal sealed partial class InMemoryClusterStore
{
    private readonly Dictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TokenUsage> _usage = new(StringComparer.Ordinal);

    public Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_keys.Values.FirstOrDefault(k => k.KeyHash == keyHash));
        }
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<ApiKeyRecord>>([.. _keys.Values.OrderBy(k => k.CreatedAt)]);
        }
    }

    public Task<bool> AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_gate)
        {
            if (_keys.ContainsKey(key.Id) || _keys.Values.Any(k => k.KeyHash == key.KeyHash))
            {
                return Task.FromResult(false);
            }

            _keys[key.Id] = key;
            return Task.FromResult(true);
        }
    }

    public Task<bool> RemoveApiKeyAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_keys.Remove(id));
        }
    }

    public Task AddUsageAsync(string keyId, TokenUsage usage, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _usage[keyId] = _usage.GetValueOrDefault(keyId, TokenUsage.None).Add(usage);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, TokenUsage>> ListUsageAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyDictionary<string, TokenUsage>>(new Dictionary<string, TokenUsage>(_usage, StringComparer.Ordinal));
        }
    }
}
