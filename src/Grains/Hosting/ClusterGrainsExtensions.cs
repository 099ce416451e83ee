using Cluster.Grains.Kv;
using Cluster.Grains.Models;
using Cluster.Grains.Placement;
using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;
using Cluster.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Orleans.Hosting;

/// <summary>Adds the cluster's grains and what they need on a silo.</summary>
public static class ClusterGrainsExtensions
{
    /// <summary>
    /// Registers the session and silo-bound placements, the silo-local objects the grains share (sessions, KV stash, the
    /// silo catalog and its refresh), and collects idle sessions after <paramref name="sessionIdleTimeToLive"/>.
    /// </summary>
    public static ISiloBuilder AddClusterGrains(this ISiloBuilder silo, TimeSpan sessionIdleTimeToLive)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.AddPlacementDirector<SessionPlacement, SessionPlacementDirector>();
        silo.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        if (sessionIdleTimeToLive > SessionOptions.MinimumIdleTimeToLive)
        {
            // A shorter one is refused by the session settings' validator, with the setting's name, before Orleans starts.
            silo.Configure<GrainCollectionOptions>(options => options.ClassSpecificCollectionAge[typeof(SessionGrain).FullName!] = sessionIdleTimeToLive);
        }
        var services = silo.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<LocalSessions>();
        services.AddSingleton<LocalSilo>();
        services.AddSingleton<KvStash>();
        services.AddHttpClient<KvFetcher>();
        services.AddSingleton<SiloCatalog>();
        services.AddSingleton(new SiloCatalogOptions());
        services.AddHostedService<SiloCatalogRefresher>();
        services.AddSingleton<SessionSiloChooser>();
        services.AddMetrics();
        services.TryAddSingleton<SiloMetrics>();
        services.AddOptions<DataPlaneOptions>().BindConfiguration(DataPlaneOptions.Section);
        services.AddOptions<SiloHardwareOptions>().BindConfiguration(SiloHardwareOptions.Section);
        services.AddOptions<AdapterChangeOptions>().BindConfiguration(AdapterChangeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AdapterChangeOptions>, AdapterChangeOptionsValidator>();
        return silo;
    }
}
