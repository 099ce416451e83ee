using Cluster.Grains.Sessions;
using Orleans.Runtime.Placement;

namespace Cluster.Grains.Placement;

/// <summary>
/// Chooses the silo of a new, re-activated or migrating session: the placement hint when a migration names its target,
/// else the <see cref="SessionSiloChooser"/>'s pick for the model in the request context
/// (<see cref="SessionPlacementContext.ModelKey"/>). Without a model, or with no silo serving it, the session stays on
/// this silo when it may (the grain then answers <see cref="SessionLocationStatus.NoSilo"/> and deactivates).
/// </summary>
internal sealed class SessionPlacementDirector(SessionSiloChooser chooser) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var compatible = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, compatible) is { } hinted)
        {
            return Task.FromResult(hinted);
        }

        var model = target.RequestContextData is { } data && data.TryGetValue(SessionPlacementContext.ModelKey, out var value) ? value as string : null;
        var chosen = model is null ? null : chooser.Choose(compatible, model);
        return Task.FromResult(chosen ?? (compatible.Contains(context.LocalSilo) ? context.LocalSilo : compatible[Random.Shared.Next(compatible.Length)]));
    }
}
