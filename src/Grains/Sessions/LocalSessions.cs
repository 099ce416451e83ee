using System.Collections.Concurrent;

namespace Cluster.Grains.Sessions;

/// <summary>The session runtimes of the session grains activated on this silo, by grain key: how this silo's HTTP handlers reach them.</summary>
public sealed class LocalSessions
{
    private readonly ConcurrentDictionary<string, SessionRuntime> _runtimes = new(StringComparer.Ordinal);

    /// <summary>Session activations on this silo.</summary>
    public int Count => _runtimes.Count;

    /// <summary>Every session runtime on this silo.</summary>
    public IEnumerable<SessionRuntime> All => _runtimes.Values;

    /// <summary>The runtime of the session activated here under <paramref name="key"/>, or null when it lives elsewhere.</summary>
    public SessionRuntime? Find(string key) => _runtimes.GetValueOrDefault(key);

    internal void Add(SessionRuntime runtime) => _runtimes[runtime.Id] = runtime;

    internal void Remove(SessionRuntime runtime) => _runtimes.TryRemove(new KeyValuePair<string, SessionRuntime>(runtime.Id, runtime));
}
