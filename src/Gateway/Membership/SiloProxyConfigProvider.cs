using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;

namespace Cluster.Gateway.Membership;

/// <summary>Feeds YARP one cluster whose destinations are the live silos, so YARP's health checks watch them.</summary>
internal sealed class SiloProxyConfigProvider(IOptions<MembershipOptions> options) : IProxyConfigProvider
{
    /// <summary>The YARP cluster id of the silos.</summary>
    public const string ClusterId = "silos";

    private volatile Config _config = new(Build([], options.Value));

    public IProxyConfig GetConfig() => _config;

    /// <summary>Publishes a new destination set; YARP picks it up through the change token.</summary>
    public void Update(IReadOnlyList<SiloSnapshot> live)
    {
        var previous = _config;
        _config = new Config(Build(live, options.Value));
        previous.SignalChange();
    }

    private static ClusterConfig Build(IReadOnlyList<SiloSnapshot> live, MembershipOptions options) => new()
    {
        ClusterId = ClusterId,
        Destinations = live.ToDictionary(s => s.Id, s => new DestinationConfig { Address = s.Address }, StringComparer.OrdinalIgnoreCase),
        HealthCheck = new HealthCheckConfig
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = options.HealthCheckInterval > TimeSpan.Zero,
                Interval = options.HealthCheckInterval > TimeSpan.Zero ? options.HealthCheckInterval : null,
                Timeout = TimeSpan.FromSeconds(2),
                Policy = "ConsecutiveFailures",
                Path = options.HealthCheckPath,
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true,
                Policy = "TransportFailureRate",
                ReactivationPeriod = options.PassiveReactivationPeriod,
            },
        },
    };

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
