using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Cluster.Gateway.Membership;

/// <summary>YARP's view of a silo's health (active probe and passive failures): the second signal after heartbeats.</summary>
internal sealed class SiloHealth(IProxyStateLookup proxyState, IDestinationHealthUpdater healthUpdater, IOptions<MembershipOptions> options)
{
    /// <summary>False when YARP's probe or a recent connection failure marked the silo unhealthy.</summary>
    public bool IsHealthy(string siloId)
    {
        if (!proxyState.TryGetCluster(SiloProxyConfigProvider.ClusterId, out var cluster)
            || !cluster.Destinations.TryGetValue(siloId, out var destination))
        {
            return true;
        }

        return destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy;
    }

    /// <summary>Marks the silo unhealthy for the passive reactivation period after a transport failure.</summary>
    public void ReportTransportFailure(string siloId)
    {
        if (proxyState.TryGetCluster(SiloProxyConfigProvider.ClusterId, out var cluster)
            && cluster.Destinations.TryGetValue(siloId, out var destination))
        {
            healthUpdater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, options.Value.PassiveReactivationPeriod);
        }
    }
}
