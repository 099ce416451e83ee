using System.Collections.Concurrent;
using System.Security.Cryptography;
using Cluster.Inference.Scheduling;

namespace Cluster.Grains.Kv;

/// <summary>
/// Session KV exported from this silo's schedulers for a migration, held in host memory until the new activation fetches
/// it (GET /internal/kv/{handle}) or <see cref="Lifetime"/> passes. Handles are unguessable.
/// </summary>
public sealed class KvStash(TimeProvider time)
{
    /// <summary>How long an entry waits for its fetch.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    private readonly ConcurrentDictionary<string, (SessionSnapshot Snapshot, long At)> _entries = new(StringComparer.Ordinal);

    /// <summary>Entries waiting.</summary>
    public int Count => _entries.Count;

    /// <summary>Holds <paramref name="snapshot"/>; returns its handle.</summary>
    public string Put(SessionSnapshot snapshot)
    {
        Expire();
        var handle = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        _entries[handle] = (snapshot, time.GetTimestamp());
        return handle;
    }

    /// <summary>Removes and returns the entry, or null when unknown or expired.</summary>
    public SessionSnapshot? Take(string handle) =>
        _entries.TryRemove(handle, out var entry) && time.GetElapsedTime(entry.At) < Lifetime ? entry.Snapshot : null;

    private void Expire()
    {
        foreach (var (handle, entry) in _entries)
        {
            if (time.GetElapsedTime(entry.At) >= Lifetime)
            {
                _entries.TryRemove(handle, out _);
            }
        }
    }
}
