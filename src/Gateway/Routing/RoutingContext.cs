using Cluster.Gateway.Requests;

namespace Cluster.Gateway.Routing;

/// <summary>What a routing policy sees: the request and the silos that may take it; a policy may also refuse the request.</summary>
public sealed class RoutingContext
{
    private readonly Func<SiloTarget, double> _load;

    internal RoutingContext(InferenceRequest request, IReadOnlyList<SiloTarget> serving, IReadOnlyList<SiloTarget> candidates, Func<SiloTarget, double> load)
    {
        Request = request;
        Serving = serving;
        Candidates = candidates;
        _load = load;
    }

    /// <summary>The request being routed.</summary>
    public InferenceRequest Request { get; }

    /// <summary>Healthy silos with the model ready and not yet tried, draining ones included.</summary>
    public IReadOnlyList<SiloTarget> Serving { get; }

    /// <summary>The silos that may take new work: <see cref="Serving"/> less the draining ones (all of them if every one drains).</summary>
    public IReadOnlyList<SiloTarget> Candidates { get; }

    /// <summary>Set by a policy that answers the request itself with an error (e.g. a session of another key); the router stops there.</summary>
    public RouteOutcome Refusal { get; private set; } = RouteOutcome.Routed;

    /// <summary>Refuses the request with <paramref name="outcome"/>.</summary>
    public void Refuse(RouteOutcome outcome) => Refusal = outcome;

    /// <summary>A silo's load as a fraction of its slots: the reported queue and active sequences, or this gateway's in-flight count if higher.</summary>
    public double LoadOf(SiloTarget silo) => _load(silo);

    /// <summary>The least loaded candidate (ties broken at random).</summary>
    public SiloTarget LeastLoaded()
    {
        SiloTarget? best = null;
        var bestLoad = double.MaxValue;
        var ties = 0;
        foreach (var silo in Candidates)
        {
            var load = LoadOf(silo);
            if (load < bestLoad)
            {
                (best, bestLoad, ties) = (silo, load, 1);
            }
            else if (load == bestLoad && Random.Shared.Next(++ties) == 0)
            {
                best = silo;
            }
        }

        return best ?? throw new InvalidOperationException("No candidates to choose from.");
    }
}
