using Cluster.Gateway.Membership;
using Cluster.Gateway.Requests;

namespace Cluster.Gateway.Routing;

/// <summary>What a routing policy sees: the request and the silos that may take it.</summary>
public sealed class RoutingContext
{
    private readonly Func<SiloSnapshot, double> _load;

    internal RoutingContext(InferenceRequest request, IReadOnlyList<SiloSnapshot> serving, IReadOnlyList<SiloSnapshot> candidates, Func<SiloSnapshot, double> load)
    {
        Request = request;
        Serving = serving;
        Candidates = candidates;
        _load = load;
    }

    /// <summary>The request being routed.</summary>
    public InferenceRequest Request { get; }

    /// <summary>Live, healthy silos serving the model and not yet tried, draining ones included (they keep their sessions).</summary>
    public IReadOnlyList<SiloSnapshot> Serving { get; }

    /// <summary>The silos that may take new work: <see cref="Serving"/> less the draining ones (all of them if every one drains).</summary>
    public IReadOnlyList<SiloSnapshot> Candidates { get; }

    /// <summary>A silo's load as a fraction of its slots: the reported queue and active sequences, or this gateway's in-flight count if higher.</summary>
    public double LoadOf(SiloSnapshot silo) => _load(silo);

    /// <summary>The least loaded candidate (ties broken by <paramref name="tieBreak"/>, then at random).</summary>
    public SiloSnapshot LeastLoaded(Func<SiloSnapshot, int>? tieBreak = null)
    {
        SiloSnapshot? best = null;
        var bestLoad = double.MaxValue;
        var bestTie = int.MaxValue;
        var ties = 0;
        foreach (var silo in Candidates)
        {
            var load = LoadOf(silo);
            var tie = tieBreak?.Invoke(silo) ?? 0;
            if (load < bestLoad || (load == bestLoad && tie < bestTie))
            {
                (best, bestLoad, bestTie, ties) = (silo, load, tie, 1);
            }
            else if (load == bestLoad && tie == bestTie && Random.Shared.Next(++ties) == 0)
            {
                best = silo;
            }
        }

        return best ?? throw new InvalidOperationException("No candidates to choose from.");
    }
}
