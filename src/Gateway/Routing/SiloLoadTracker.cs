using System.Collections.Concurrent;

namespace Cluster.Gateway.Routing;

/// <summary>This gateway's own in-flight requests per silo, fresher than the catalog's refreshes.</summary>
internal sealed class SiloLoadTracker
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>Load as a fraction of the model's slots on the silo: reported (queue + active) or in flight here, whichever is higher.</summary>
    public double LoadOf(SiloTarget silo)
    {
        var inFlight = _counters.TryGetValue(silo.Name, out var counter) ? Volatile.Read(ref counter.InFlight) : 0;
        return Math.Max(silo.ReportedLoad, (double)inFlight / silo.Slots);
    }

    /// <summary>Requests in flight to one silo or external node (by name).</summary>
    public int InFlightTo(string name) => _counters.TryGetValue(name, out var counter) ? Volatile.Read(ref counter.InFlight) : 0;

    /// <summary>Requests in flight to all silos.</summary>
    public int InFlight => _counters.Values.Sum(counter => Volatile.Read(ref counter.InFlight));

    /// <summary>Counts a request in flight until the returned scope is disposed.</summary>
    public InFlightScope Begin(string siloName)
    {
        var counter = _counters.GetOrAdd(siloName, static _ => new Counter());
        Interlocked.Increment(ref counter.InFlight);
        return new InFlightScope(counter);
    }

    /// <summary>Ends one in-flight request when disposed.</summary>
    internal readonly struct InFlightScope : IDisposable
    {
        private readonly Counter _counter;

        internal InFlightScope(Counter counter) => _counter = counter;

        public void Dispose() => Interlocked.Decrement(ref _counter.InFlight);
    }

    internal sealed class Counter
    {
#pragma warning disable CA1051 // A field so Interlocked can update it.
        public int InFlight;
#pragma warning restore CA1051
    }
}
