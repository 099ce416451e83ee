using System.Collections.Concurrent;
using System.Collections.Frozen;
using Cluster.Grains.Keys;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Auth;

/// <summary>Finds the identity behind a presented key: configured keys first, then the cluster's <see cref="IApiKeysGrain"/> (remembered briefly, misses too).</summary>
internal sealed class ApiKeyResolver
{
    // A cluster that does not answer in time fails the request with 503 (ErrorShapeMiddleware), never a wrong 401.
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    private readonly IGrainFactory _grains;
    private readonly TimeProvider _timeProvider;
    private readonly AuthOptions _options;
    private readonly FrozenDictionary<string, ApiKeyIdentity> _configured;
    private readonly ConcurrentDictionary<string, (ApiKeyIdentity? Identity, DateTimeOffset Expires)> _cache = new(StringComparer.Ordinal);

    public ApiKeyResolver(IGrainFactory grains, TimeProvider timeProvider, IOptions<AuthOptions> options)
    {
        _grains = grains;
        _timeProvider = timeProvider;
        _options = options.Value;
        Anonymous = new("anonymous", "anonymous", _options.AnonymousRequestsPerMinute, _options.AnonymousTokensPerMinute);
        _configured = (_options.Keys ?? []).ToFrozenDictionary(
            k => k.KeyHash ?? ApiKeyHash.Compute(k.Key!),
            k => new ApiKeyIdentity(k.Id ?? k.Name, k.Name, k.RequestsPerMinute, k.TokensPerMinute),
            StringComparer.Ordinal);
    }

    /// <summary>The identity used when auth is off.</summary>
    public ApiKeyIdentity Anonymous { get; }

    /// <summary>The identity for <paramref name="key"/>, or null when no such key exists.</summary>
    public async ValueTask<ApiKeyIdentity?> ResolveAsync(string key, CancellationToken cancellationToken)
    {
        var hash = ApiKeyHash.Compute(key);
        if (_configured.TryGetValue(hash, out var configured))
        {
            return configured;
        }

        var now = _timeProvider.GetUtcNow();
        if (_cache.TryGetValue(hash, out var cached) && cached.Expires > now)
        {
            return cached.Identity;
        }

        var record = await _grains.GetGrain<IApiKeysGrain>(IApiKeysGrain.Registry).FindAsync(hash).WaitAsync(LookupTimeout, cancellationToken);
        var identity = record is null ? null : new ApiKeyIdentity(record.Id, record.Name, record.RequestsPerMinute, record.TokensPerMinute);
        _cache[hash] = (identity, now + _options.CacheTtl);
        return identity;
    }

    /// <summary>Forgets cached lookups (after keys change through the admin API).</summary>
    public void Invalidate() => _cache.Clear();

    /// <summary>True when <paramref name="key"/> is the admin key.</summary>
    public bool IsAdminKey(string key)
    {
        var expected = !string.IsNullOrEmpty(_options.AdminKeyHash) ? _options.AdminKeyHash : !string.IsNullOrEmpty(_options.AdminKey) ? ApiKeyHash.Compute(_options.AdminKey) : null;
        return expected is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(ApiKeyHash.Compute(key)));
    }

    /// <summary>True when an admin key is configured.</summary>
    public bool HasAdminKey => !string.IsNullOrEmpty(_options.AdminKeyHash) || !string.IsNullOrEmpty(_options.AdminKey);
}
