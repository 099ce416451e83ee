using System.Collections.Concurrent;
using Cluster.Inference.Generation;
using Cluster.Inference.Scheduling;

namespace Cluster.Grains.Models;

/// <summary>
/// The replicas of one model on this silo and which of them each request runs on: a session stays on the replica that
/// holds its KV while that replica serves; anything else goes to the ready replica with the fewest requests in flight
/// per slot (the lowest index on a tie).
/// </summary>
internal sealed class ReplicaSet(IReadOnlyList<ModelHost> replicas)
{
    private readonly Lock _choosing = new();
    private readonly int[] _inFlight = new int[replicas.Count];
    private readonly long[] _admitted = new long[replicas.Count];
    private readonly ConcurrentDictionary<string, int> _sessions = new(StringComparer.Ordinal);

    public IReadOnlyList<ModelHost> Replicas { get; } = replicas;

    /// <summary>Load summed over the replicas.</summary>
    public ModelLoad Load => Replicas.Count == 1 ? Replicas[0].Load : Replicas.Select(replica => replica.Load).Aggregate((sum, load) => new ModelLoad(
        sum.QueuedRequests + load.QueuedRequests, sum.ActiveSequences + load.ActiveSequences, sum.MaxSequences + load.MaxSequences,
        sum.KvTokensUsed + load.KvTokensUsed, sum.KvTokensCapacity + load.KvTokensCapacity, sum.QueueCapacity + load.QueueCapacity));

    /// <summary>Session counters summed over the replicas.</summary>
    public SessionCounters SessionCounters => Replicas.Count == 1 ? Replicas[0].SessionCounters : Replicas.Select(replica => replica.SessionCounters).Aggregate((sum, s) => new SessionCounters(
        sum.Sessions + s.Sessions, sum.Resident + s.Resident, sum.OnHost + s.OnHost, sum.HostBytes + s.HostBytes,
        sum.EvictedToHost + s.EvictedToHost, sum.Restored + s.Restored, sum.Dropped + s.Dropped, sum.Rebuilt + s.Rebuilt));

    /// <summary>Requests running or queued on replica <paramref name="replica"/> now.</summary>
    public int InFlight(int replica) => Volatile.Read(ref _inFlight[replica]);

    /// <summary>Requests replica <paramref name="replica"/> has accepted since the silo started.</summary>
    public long Admitted(int replica) => Interlocked.Read(ref _admitted[replica]);

    /// <summary>The replica that holds <paramref name="sessionKey"/>'s KV, or -1.</summary>
    public int SessionReplica(string sessionKey) => _sessions.GetValueOrDefault(sessionKey, -1);

    /// <summary>
    /// The replica a request of <paramref name="sessionKey"/> (null: none) runs on, among the ready ones that
    /// <paramref name="fits"/> (one that holds the adapter it names), counted in flight; -1 when none is.
    /// </summary>
    public int Reserve(string? sessionKey, Func<ModelHost, bool> fits)
    {
        lock (_choosing)
        {
            var chosen = sessionKey is not null && _sessions.TryGetValue(sessionKey, out var held) && Serves(held, fits)
                ? held
                : LeastLoaded(fits);
            if (chosen >= 0)
            {
                // Interlocked: streams that end leave the count outside the lock.
                Interlocked.Increment(ref _inFlight[chosen]);
            }

            return chosen;
        }
    }

    /// <summary>Ends what <see cref="Reserve"/> counted; an accepted request of a session pins the session to the replica.</summary>
    public void Settle(int replica, string? sessionKey, bool accepted)
    {
        if (accepted)
        {
            Interlocked.Increment(ref _admitted[replica]);
            if (sessionKey is not null)
            {
                _sessions[sessionKey] = replica;
            }

            return;
        }

        Interlocked.Decrement(ref _inFlight[replica]);
    }

    /// <summary>
    /// The stream of a request accepted under <paramref name="submitted"/>, which leaves the in-flight count when it is
    /// disposed (which cancels the request) or the request is cancelled.
    /// </summary>
    public IAsyncEnumerable<GenerationChunk> Tracked(int replica, IAsyncEnumerable<GenerationChunk> stream, CancellationTokenSource submitted) =>
        new ReleasingStream<GenerationChunk>(stream, () => Interlocked.Decrement(ref _inFlight[replica]), submitted);

    /// <summary>The vectors of an accepted embedding request, which leaves the in-flight count when they are done (or failed).</summary>
    public async Task<IReadOnlyList<float[]>> Tracked(int replica, Task<IReadOnlyList<float[]>> vectors)
    {
        try
        {
            return await vectors.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight[replica]);
        }
    }

    /// <summary>Pins a session to a replica (its KV was imported there).</summary>
    public void Pin(string sessionKey, int replica) => _sessions[sessionKey] = replica;

    /// <summary>Forgets where a session's KV is; the replica it was on, or -1.</summary>
    public int Forget(string sessionKey) => _sessions.TryRemove(sessionKey, out var replica) ? replica : -1;

    private bool Serves(int replica, Func<ModelHost, bool> fits) => Replicas[replica].Status == ModelStatus.Ready && fits(Replicas[replica]);

    private int LeastLoaded(Func<ModelHost, bool> fits)
    {
        var best = -1;
        var bestLoad = double.MaxValue;
        for (var i = 0; i < Replicas.Count; i++)
        {
            var load = (double)Volatile.Read(ref _inFlight[i]) / Math.Max(1, Replicas[i].Load.MaxSequences);
            if (load < bestLoad && Serves(i, fits))
            {
                (best, bestLoad) = (i, load);
            }
        }

        return best;
    }
}
