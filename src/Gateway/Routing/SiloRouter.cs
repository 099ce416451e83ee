using System.Collections.Frozen;
using Cluster.Gateway.Cluster;
using Cluster.Gateway.Nodes;
using Cluster.Gateway.Requests;
using Cluster.Grains.Silos;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Routing;

/// <summary>Narrows the catalog's silos to those that may take a request, then asks the configured policies in order.</summary>
internal sealed class SiloRouter
{
    private readonly SiloCatalog _catalog;
    private readonly SiloHealth _health;
    private readonly SiloLoadTracker _tracker;
    private readonly PrefixAffinityTable _prefixes;
    private readonly IRoutingPolicy[] _policies;
    private readonly ExternalNodeDirectory _external;

    public SiloRouter(SiloCatalog catalog, SiloHealth health, SiloLoadTracker tracker, PrefixAffinityTable prefixes, IEnumerable<IRoutingPolicy> policies,
        ExternalNodeDirectory external, IOptions<RoutingOptions> options)
    {
        _catalog = catalog;
        _external = external;
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

    /// <summary>Chooses a silo for <paramref name="request"/>, skipping the silos (by name) in <paramref name="tried"/>.</summary>
    public async ValueTask<(RouteOutcome Outcome, RouteDecision? Decision)> RouteAsync(InferenceRequest request, IReadOnlySet<string> tried, CancellationToken cancellationToken)
    {
        var model = request.Model;
        var silos = _catalog.Silos;
        var known = false;
        var usable = new List<SiloTarget>(silos.Length);
        var open = new List<SiloTarget>(silos.Length);
        foreach (var silo in silos)
        {
            known |= model is null || silo.Models.Any(m => m.Serves(model));
            var ready = model is null ? null : silo.ReadyModel(model);
            if ((model is not null && ready is null) || tried.Contains(silo.Name) || !_health.IsHealthy(silo.Name))
            {
                continue;
            }

            var target = new SiloTarget(silo.Name, silo.HttpAddress, silo.Draining, ready);
            usable.Add(target);
            if (!silo.Draining)
            {
                open.Add(target);
            }
        }

        if (usable.Count == 0 && model is not null && request.SessionKey is null && _external.Serves(model))
        {
            // Silos come first (they report load and hold sessions and prefix caches); external nodes take what no silo has ready.
            return RouteExternal(model, tried);
        }

        if (!known)
        {
            return (silos.IsEmpty ? RouteOutcome.NoSiloAvailable : RouteOutcome.ModelNotFound, null);
        }

        var context = new RoutingContext(request, usable, open.Count > 0 ? open : usable, _tracker.LoadOf);
        foreach (var policy in _policies)
        {
            var decision = await policy.SelectAsync(context, cancellationToken);
            if (context.Refusal != RouteOutcome.Routed)
            {
                return (context.Refusal, null);
            }

            if (decision is not null)
            {
                if (request.PrefixHashes.Count > 0)
                {
                    _prefixes.Record(request.PrefixHashes, decision.Silo.Name);
                }

                return (RouteOutcome.Routed, decision);
            }
        }

        // Every configured policy declined (e.g. "load" left out of the list): fall back to the least loaded.
        return context.Candidates.Count == 0 ? (RouteOutcome.NoSiloAvailable, null) : (RouteOutcome.Routed, new RouteDecision(context.LeastLoaded(), RouteKind.Load));
    }

    /// <summary>The healthy external node serving <paramref name="model"/> with the fewest requests in flight from this gateway.</summary>
    private (RouteOutcome, RouteDecision?) RouteExternal(string model, IReadOnlySet<string> tried) =>
        _external.Serving(model, tried).MinBy(node => _tracker.InFlightTo(node.Name)) is { } node
            ? (RouteOutcome.Routed, new RouteDecision(new SiloTarget(node.Name, node.Url, Draining: false, Model: null), RouteKind.External))
            : (RouteOutcome.NoSiloAvailable, null);
}
