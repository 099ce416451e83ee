using Cluster.Grains.Sessions;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Cluster.Gateway.Routing;

namespace Cluster.Gateway.Sessions;

/// <summary>
/// Where sessions live, as their grains last said, per (session key, owner): a turn goes straight to its silo without asking
/// the cluster. Bounded (Gateway:Routing:SessionCacheSize), and an entry unused for SessionCacheIdle is forgotten.
/// </summary>
internal sealed class SessionOwnerCache : IDisposable
{
    private readonly MemoryCache _cache;
    private readonly MemoryCacheEntryOptions _entry;

    public SessionOwnerCache(IOptions<RoutingOptions> options)
    {
        var routing = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = routing.SessionCacheSize, CompactionPercentage = 0.25 });
        _entry = new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = routing.SessionCacheIdle };
    }

    /// <summary>The remembered location, or null.</summary>
    public SessionLocation? Find(string sessionKey, string? owner) => _cache.Get<SessionLocation>(new Key(sessionKey, owner));

    /// <summary>Remembers where the session lives.</summary>
    public void Remember(string sessionKey, string? owner, SessionLocation location) => _cache.Set(new Key(sessionKey, owner), location, _entry);

    /// <summary>Forgets the session's location (it moved, or its silo failed), so the next turn asks its grain.</summary>
    public void Forget(string sessionKey, string? owner) => _cache.Remove(new Key(sessionKey, owner));

    public void Dispose() => _cache.Dispose();

    private readonly record struct Key(string SessionKey, string? Owner);
}
