using Microsoft.Extensions.Options;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Cluster.Gateway.Cluster;

/// <summary>YARP's view of a silo's data plane (active probe and passive failures): the second signal after Orleans membership.</summary>
internal sealed class SiloHealth(IProxyStateLookup proxyState, IDestinationHealthUpdater healthUpdater, IOptions<HealthOptions> options)
{
    /// <summary>False when YARP's probe or a recent connection failure marked the silo (by name) unhealthy.</summary>
    public bool IsHealthy(string siloName)
    {
        if (!proxyState.TryGetCluster(SiloProxyConfigProvider.ClusterId, out var cluster)
            || !cluster.Destinations.TryGetValue(siloName, out var destination))
        {
            return true;
        }

        return destination.Health.Active != DestinationHealth.Unhealthy && destination.Health.Passive != DestinationHealth.Unhealthy;
    }

    /// <summary>Marks the silo unhealthy for the passive reactivation period after a transport failure.</summary>
    public void ReportTransportFailure(string siloName)
    {
        if (proxyState.TryGetCluster(SiloProxyConfigProvider.ClusterId, out var cluster)
            && cluster.Destinations.TryGetValue(siloName, out var destination))
        {
            healthUpdater.SetPassive(cluster, destination, DestinationHealth.Unhealthy, options.Value.PassiveReactivationPeriod);
        }
    }
}
