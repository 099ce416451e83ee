using Cluster.Grains.Models;
using Orleans.Runtime.Placement;

namespace Cluster.Grains.Placement;

/// <summary>Activates a silo-bound grain on the silo its key names; fails when that silo is not an active member.</summary>
internal sealed class SiloBoundPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var siloKey = ModelKeys.SiloOf(target.GrainIdentity.Key.ToString()!);
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (silo.ToParsableString() == siloKey)
            {
                return Task.FromResult(silo);
            }
        }

        throw new OrleansException($"Silo {siloKey} is not an active member of the cluster; its grain {target.GrainIdentity} cannot be activated.");
    }
}
