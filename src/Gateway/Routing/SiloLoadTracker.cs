using System.Collections.Concurrent;
using Cluster.Gateway.Membership;

namespace Cluster.Gateway.Routing;

/// <summary>This gateway's own in-flight requests and new sessions per silo, fresher than the silos' once-a-second reports.</summary>
internal sealed class SiloLoadTracker
{
    private readonly ConcurrentDictionary<string, Counters> _counters = new(StringComparer.Ordinal);

    /// <summary>Load as a fraction of the silo's slots: reported (queue + active) or in-flight here, whichever is higher.</summary>
    public double LoadOf(SiloSnapshot silo)
    {
        var inFlight = _counters.TryGetValue(silo.Id, out var counters) ? Volatile.Read(ref counters.InFlight) : 0;
        return Math.Max(silo.ReportedLoad, (double)inFlight / Math.Max(1, silo.Record.Heartbeat.Slots));
    }

    /// <summary>Sessions this gateway placed on the silo (breaks ties between equally loaded silos).</summary>
    public int SessionsPlaced(SiloSnapshot silo) => _counters.TryGetValue(silo.Id, out var counters) ? Volatile.Read(ref counters.SessionsPlaced) : 0;

    /// <summary>Counts a new session placed on the silo.</summary>
    public void SessionPlaced(string siloId) => Interlocked.Increment(ref Get(siloId).SessionsPlaced);

    /// <summary>Counts a request in flight until the returned scope is disposed.</summary>
    public InFlightScope Begin(string siloId)
    {
        var counters = Get(siloId);
        Interlocked.Increment(ref counters.InFlight);
        return new InFlightScope(counters);
    }

    private Counters Get(string siloId) => _counters.GetOrAdd(siloId, static _ => new Counters());

    /// <summary>Ends one in-flight request when disposed.</summary>
    internal readonly struct InFlightScope : IDisposable
    {
        private readonly Counters _counters;

        internal InFlightScope(Counters counters) => _counters = counters;

        public void Dispose() => Interlocked.Decrement(ref _counters.InFlight);
    }

    internal sealed class Counters
    {
#pragma warning disable CA1051 // Fields so Interlocked can update them.
        public int InFlight;
        public int SessionsPlaced;
#pragma warning restore CA1051
    }
}
