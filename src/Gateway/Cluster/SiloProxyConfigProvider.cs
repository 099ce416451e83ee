using System.Collections.Immutable;
using Cluster.Grains.Silos;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Cluster.Gateway.Cluster;

/// <summary>Feeds YARP one cluster whose destinations are the silos of the <see cref="SiloCatalog"/> (by name), so YARP's health checks watch them.</summary>
internal sealed partial class SiloProxyConfigProvider : IProxyConfigProvider
{
    /// <summary>The YARP cluster id of the silos.</summary>
    public const string ClusterId = "silos";

    private readonly HealthOptions _options;
    private readonly ILogger<SiloProxyConfigProvider> _logger;
    private volatile Config _config;

    public SiloProxyConfigProvider(SiloCatalog catalog, IOptions<HealthOptions> options, ILogger<SiloProxyConfigProvider> logger)
    {
        _options = options.Value;
        _logger = logger;
        _config = new Config(Build(catalog.Silos, _options));
        catalog.MembershipChanged += Update;
    }

    public IProxyConfig GetConfig() => _config;

    /// <summary>Publishes a new destination set; YARP picks it up through the change token.</summary>
    public void Update(ImmutableArray<SiloInfo> silos)
    {
        var previous = _config;
        _config = new Config(Build(silos, _options));
        previous.SignalChange();
        string[] names = [.. silos.Select(silo => silo.Name)];
        LogSilos(_logger, silos.Length, names);
    }

    private static ClusterConfig Build(ImmutableArray<SiloInfo> silos, HealthOptions options) => new()
    {
        ClusterId = ClusterId,
        Destinations = silos.ToDictionary(s => s.Name, s => new DestinationConfig { Address = s.HttpAddress }, StringComparer.Ordinal),
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = options.CheckInterval > TimeSpan.Zero,
                Interval = options.CheckInterval > TimeSpan.Zero ? options.CheckInterval : null,
                Timeout = TimeSpan.FromSeconds(2),
                Policy = "ConsecutiveFailures",
                Path = options.CheckPath,
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = "TransportFailureRate",
                ReactivationPeriod = options.PassiveReactivationPeriod,
            },
        },
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Cluster membership changed: {Count} silo(s): {Silos}")]
    private static partial void LogSilos(ILogger logger, int count, string[] silos);

    // The token source has no timer, so leaving it to the GC is safe; YARP may still hold its token after a swap.
#pragma warning disable CA1001
    private sealed class Config(ClusterConfig cluster) : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public IReadOnlyList<RouteConfig> Routes => [];

        public IReadOnlyList<ClusterConfig> Clusters { get; } = [cluster];

        public IChangeToken ChangeToken => new CancellationChangeToken(_changed.Token);

        public void SignalChange() => _changed.Cancel();
    }
#pragma warning restore CA1001
}
