using System.Net;
using Cluster.Grains.Hosting;
using Cluster.Grains.Sessions;
using Cluster.Silo.Cluster;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Connections.Security;
using Orleans.Dashboard;
using StackExchange.Redis;
using SessionOptions = Cluster.Grains.Sessions.SessionOptions;

namespace Microsoft.Extensions.Hosting;

/// <summary>Hosts the Orleans silo next to the silo's web host.</summary>
public static class ClusterSiloExtensions
{
    /// <summary>
    /// Grain locations each silo caches (Orleans' default is 1,000,000). Orleans preallocates the cache's table at this size and its
    /// orleans-directory-cache-size gauge walks the whole table, so with the default each read of the gauge (the Orleans dashboard's,
    /// every second, and each Prometheus scrape) scans a million slots. As many as the gateway's session-owner cache holds; a tenth of the scan.
    /// </summary>
    public const int DirectoryCacheSize = 100_000;

    /// <summary>
    /// Makes this process an Orleans silo of the cluster named in "Cluster": membership on Redis, or localhost clustering
    /// (the embedded default), with Orleans' Kubernetes hosting when "Cluster:Kubernetes" is set; grain state and the grain directory in the same Redis, or in memory and in the cluster; the session and silo-bound placements; failure
    /// detection from "Cluster:FailureDetection"; idle sessions collected after Silo:Sessions:IdleTimeToLive; the Orleans dashboard's statistics unless Telemetry disables them; mutual TLS with the cluster certificate when "Cluster:Tls" is set.
    /// </summary>
    public static IHostApplicationBuilder AddClusterSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var cluster = builder.Configuration.GetSection(ClusterConnectionOptions.Section).Get<ClusterConnectionOptions>() ?? new ClusterConnectionOptions();
        var detection = builder.Configuration.GetSection(FailureDetectionOptions.Section).Get<FailureDetectionOptions>() ?? new FailureDetectionOptions();
        var sessions = builder.Configuration.GetSection("Silo:Sessions").Get<SessionOptions>() ?? new SessionOptions();
        var telemetry = ClusterTelemetryExtensions.ReadOptions(builder.Configuration);
        builder.UseOrleans(silo =>
        {
            silo.Configure<ClusterOptions>(options => (options.ClusterId, options.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
            if (cluster.SiloName is { Length: > 0 } siloName)
            {
                silo.Configure<SiloOptions>(options => options.SiloName = siloName);
            }

            if (cluster.Membership == ClusterMembershipKind.Redis && cluster.Redis is { Length: > 0 } redis)
            {
                var configuration = ConfigurationOptions.Parse(redis);
                silo.UseRedisClustering(options => options.ConfigurationOptions = configuration);
                silo.AddRedisGrainStorage(ClusterStorage.Name, options => options.ConfigurationOptions = configuration);

                // The directory in Redis, not partitioned over the silos: a dead silo takes only its own activations with
                // it, where the in-cluster directory also deactivated the survivors' grains whose entries it held.
                silo.UseRedisGrainDirectoryAsDefault(options => options.ConfigurationOptions = configuration);
                if (cluster.Kubernetes)
                {
                    silo.UseKubernetesHosting();
                }
                else
                {
                    silo.ConfigureEndpoints(AdvertisedIp(cluster), cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: true);
                }
            }
            else
            {
                var primary = cluster.SiloPort == cluster.PrimarySiloPort ? null : new IPEndPoint(IPAddress.Loopback, cluster.PrimarySiloPort);
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, primary, cluster.ServiceId, cluster.ClusterId);
                silo.AddMemoryGrainStorage(ClusterStorage.Name);
            }

            if (cluster.Tls is { } tls)
            {
                UseClusterTls(silo, ClusterCertificate.Load(tls));
            }

            if (telemetry is { Enabled: true, OrleansDashboard: true })
            {
                // Grain statistics for the Orleans dashboard that gateways mount.
                silo.AddDashboard();
            }

            silo.Configure<GrainDirectoryOptions>(options => options.CacheSize = DirectoryCacheSize);
            silo.Configure<ClusterMembershipOptions>(detection.Apply);
            silo.AddClusterGrains(sessions.IdleTimeToLive);
        });
        return builder;
    }

    // Mutual TLS on both Orleans ports and on this silo's connections to the others: each side presents the cluster certificate and
    // accepts only it. The check replaces chain validation on purpose (the cluster certificate may be self-signed), so it must stay strict.
    private static void UseClusterTls(ISiloBuilder silo, ClusterCertificate certificate) =>
        silo.UseTls(certificate.Certificate, options =>
        {
            options.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
            options.RemoteCertificateValidation = (peer, _, _) => certificate.IsClusterPeer(peer);
        });

    private static IPAddress AdvertisedIp(ClusterConnectionOptions cluster) =>
        cluster.AdvertisedIp is { Length: > 0 } ip ? IPAddress.Parse(ip)
        : cluster.Redis!.StartsWith("127.", StringComparison.Ordinal) || cluster.Redis.StartsWith("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : Dns.GetHostAddresses(Dns.GetHostName()).First(address => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));
}
