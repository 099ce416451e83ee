using Cluster.Gateway.Cluster;
using Cluster.Grains.Hosting;
using Cluster.Grains.Silos;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Dashboard;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Makes the gateway an Orleans client of the cluster named by the "Cluster" settings, and its view of the silos.</summary>
public static class ClusterClientServiceCollectionExtensions
{
    /// <summary>How often the client re-reads the silos' gateways, so a dead silo stops being used within about this long.</summary>
    public static readonly TimeSpan GatewayListRefreshPeriod = TimeSpan.FromSeconds(1);

    /// <summary>The section of the catalog's settings (RefreshInterval).</summary>
    public const string CatalogSection = "Gateway:Catalog";

    /// <summary>
    /// Adds the Orleans client (localhost or Redis clustering per <c>Cluster:Membership</c>, mutual TLS when <c>Cluster:Tls</c> is set), the <see cref="SiloCatalog"/> and its
    /// refresher. The client keeps retrying until a silo answers, so the gateway starts (and answers 503) before any silo is up.
    /// </summary>
    public static IServiceCollection AddClusterClient(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SiloCatalog)))
        {
            return services;
        }

        services.AddOptions<ClusterConnectionOptions>().Bind(configuration.GetSection(ClusterConnectionOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterConnectionOptions>, ClusterConnectionOptionsValidator>());

        // Read here as well: the clustering provider is chosen while the client is built. Bad values are reported by the validator at start.
        var section = configuration.GetSection(ClusterConnectionOptions.Section);
        var cluster = section.Get<ClusterConnectionOptions>() ?? new ClusterConnectionOptions();

        int[] gatewayPorts = cluster.GatewayPorts is { Count: > 0 } ports ? [.. ports] : [cluster.GatewayPort];
        services.AddOrleansClient(client =>
        {
            if (cluster.Membership == ClusterMembershipKind.Redis)
            {
                client.UseRedisClustering(cluster.Redis ?? string.Empty);
                client.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            }
            else
            {
                client.UseLocalhostClustering(gatewayPorts, cluster.ServiceId, cluster.ClusterId);
            }

            if (cluster.Tls is { } tls)
            {
                UseClusterTls(client, ClusterCertificate.Load(tls));
            }

            if (ClusterTelemetryExtensions.ReadOptions(configuration) is { Enabled: true, OrleansDashboard: true })
            {
                client.AddDashboard();
            }

            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = GatewayListRefreshPeriod);
            client.UseConnectionRetryFilter<ClusterConnectionRetry>();
        });

        // The client's hosted service waits for a silo; starting services together lets Kestrel answer meanwhile.
        services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);

        services.AddSingleton(configuration.GetSection(CatalogSection).Get<SiloCatalogOptions>() ?? new SiloCatalogOptions());
        services.AddSingleton<SiloCatalog>();
        services.AddHostedService<SiloCatalogRefresher>();
        return services;
    }

    // Mutual TLS to the silos' gateway ports: the gateway presents the cluster certificate and accepts only a silo presenting it too.
    // The check replaces chain validation on purpose (the cluster certificate may be self-signed), so it must stay strict.
    private static void UseClusterTls(IClientBuilder client, ClusterCertificate certificate) =>
        client.UseTls(certificate.Certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = (peer, _, _) => certificate.IsClusterPeer(peer);
        });
}
