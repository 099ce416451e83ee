using System.Collections.Frozen;
using Cluster.Gateway.Membership;
using Cluster.Gateway.Requests;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Routing;

/// <summary>Narrows the live silos to those that may take a request, then asks the configured policies in order.</summary>
internal sealed class SiloRouter
{
    private readonly ClusterView _view;
    private readonly SiloHealth _health;
    private readonly SiloLoadTracker _tracker;
    private readonly PrefixAffinityTable _prefixes;
    private readonly IRoutingPolicy[] _policies;

    public SiloRouter(ClusterView view, SiloHealth health, SiloLoadTracker tracker, PrefixAffinityTable prefixes, IEnumerable<IRoutingPolicy> policies, IOptions<RoutingOptions> options)
    {
        _view = view;
        _health = health;
        _tracker = tracker;
        _prefixes = prefixes;
        var byName = policies.ToFrozenDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var unknown = options.Value.EffectivePolicies.Where(name => !byName.ContainsKey(name)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"{RoutingOptions.Section}:Policies names {string.Join(", ", unknown)}, which are unknown; use {string.Join(", ", byName.Keys.Order(StringComparer.Ordinal))}.");
        }

        _policies = [.. options.Value.EffectivePolicies.Select(name => byName[name])];
    }

    /// <summary>Chooses a silo for <paramref name="request"/>, skipping the silos in <paramref name="tried"/>.</summary>
    public async ValueTask<(RouteOutcome Outcome, RouteDecision? Decision)> RouteAsync(InferenceRequest request, IReadOnlySet<string> tried, CancellationToken cancellationToken)
    {
        var model = request.Model;
        var live = _view.Live;
        var serving = 0;
        var usable = new List<SiloSnapshot>(live.Length);
        var open = new List<SiloSnapshot>(live.Length);
        foreach (var silo in live)
        {
            if (model is not null && !silo.Models.Contains(model))
            {
                continue;
            }

            serving++;
            if (!tried.Contains(silo.Id) && _health.IsHealthy(silo.Id))
            {
                usable.Add(silo);
                if (!silo.Draining)
                {
                    open.Add(silo);
                }
            }
        }

        if (serving == 0)
        {
            return (model is null || live.IsEmpty ? RouteOutcome.NoSiloAvailable : RouteOutcome.ModelNotFound, null);
        }

        if (usable.Count == 0)
        {
            return (RouteOutcome.NoSiloAvailable, null);
        }

        var context = new RoutingContext(request, usable, open.Count > 0 ? open : usable, _tracker.LoadOf);
        foreach (var policy in _policies)
        {
            if (await policy.SelectAsync(context, cancellationToken) is { } decision)
            {
                if (request.PrefixHashes.Count > 0)
                {
                    _prefixes.Record(request.PrefixHashes, decision.Silo.Id);
                }

                return (RouteOutcome.Routed, decision);
            }
        }

        // Every configured policy declined (e.g. "load" left out of the list): fall back to the least loaded.
        return (RouteOutcome.Routed, new RouteDecision(context.LeastLoaded(), RouteKind.Load));
    }
}
