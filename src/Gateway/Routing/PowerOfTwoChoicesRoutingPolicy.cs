namespace Cluster.Gateway.Routing;

/// <summary>Picks two candidates at random and sends the request to the less loaded one.</summary>
internal sealed class PowerOfTwoChoicesRoutingPolicy : IRoutingPolicy
{
    public string Name => "load";

    public ValueTask<RouteDecision?> SelectAsync(RoutingContext context, CancellationToken cancellationToken)
    {
        var candidates = context.Candidates;
        if (candidates.Count == 0)
        {
            return ValueTask.FromResult<RouteDecision?>(null);
        }

        if (candidates.Count == 1)
        {
            return ValueTask.FromResult<RouteDecision?>(new RouteDecision(candidates[0], RouteKind.Load));
        }

        var first = Random.Shared.Next(candidates.Count);
        var second = Random.Shared.Next(candidates.Count - 1);
        if (second >= first)
        {
            second++;
        }

        var (a, b) = (candidates[first], candidates[second]);
        var chosen = context.LoadOf(b) < context.LoadOf(a) ? b : a;
        return ValueTask.FromResult<RouteDecision?>(new RouteDecision(chosen, RouteKind.Load));
    }
}
