using Cluster.Tests.Shared;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>Real silo processes serving the demo model, one Orleans cluster (localhost or Redis membership), and a gateway on it.</summary>
public sealed class RealCluster : IAsyncDisposable
{
    private readonly List<GatewayHost> _gateways = [];

    private RealCluster(ClusterSettings settings, IReadOnlyList<SiloProcess> silos)
    {
        Settings = settings;
        Silos = silos;
    }

    /// <summary>What the cluster's members share.</summary>
    public ClusterSettings Settings { get; }

    /// <summary>The first gateway.</summary>
    public GatewayHost Gateway => _gateways[0];

    /// <summary>The silo processes, "silo-0" … .</summary>
    public IReadOnlyList<SiloProcess> Silos { get; }

    /// <summary>The silo process with this name.</summary>
    public SiloProcess this[string name] => Silos.Single(s => s.Name == name);

    /// <summary>Starts <paramref name="silos"/> silos on localhost clustering (silo-0 the primary) and a gateway with <paramref name="gatewaySettings"/>; waits until every silo is live.</summary>
    public static Task<RealCluster> StartAsync(int silos, IDictionary<string, string?>? gatewaySettings = null) =>
        StartAsync(new ClusterSettings(), silos, gatewaySettings);

    /// <summary>Starts <paramref name="silos"/> silos and a gateway that all keep membership in <paramref name="redis"/>; waits until every silo is live.</summary>
    public static Task<RealCluster> StartOnRedisAsync(int silos, RedisServer redis, IDictionary<string, string?>? gatewaySettings = null, params string[] siloSettings)
    {
        ArgumentNullException.ThrowIfNull(redis);
        return StartAsync(new ClusterSettings { Redis = redis.ConnectionString }, silos, gatewaySettings, siloSettings);
    }

    /// <summary>Starts one more gateway on the same cluster.</summary>
    public async Task<GatewayHost> StartGatewayAsync(IDictionary<string, string?>? settings = null)
    {
        var all = Settings.GatewaySettings(Silos.Select(s => s.GatewayPort));
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var gateway = await GatewayHost.StartAsync(all);
        _gateways.Add(gateway);
        return gateway;
    }

    /// <summary>
    /// Starts <paramref name="silos"/> silos (with <paramref name="siloSettings"/>) and a gateway that all share <paramref name="settings"/>; waits until
    /// every silo is live. A start that failed because a silo's port was taken between <see cref="FreePorts.Next"/> and the silo's bind (another
    /// process got it first) is made once more, on fresh ports.
    /// </summary>
    public static async Task<RealCluster> StartAsync(ClusterSettings settings, int silos, IDictionary<string, string?>? gatewaySettings = null, params string[] siloSettings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var primaryChosenHere = settings.PrimarySiloPort == 0;
        try
        {
            return await StartOnceAsync(settings, silos, gatewaySettings, siloSettings);
        }
        catch (TimeoutException ex) when (ex.Message.Contains("AddressInUseException", StringComparison.Ordinal))
        {
            settings.PrimarySiloPort = primaryChosenHere ? 0 : settings.PrimarySiloPort;
            return await StartOnceAsync(settings, silos, gatewaySettings, siloSettings);
        }
    }

    private static async Task<RealCluster> StartOnceAsync(ClusterSettings settings, int silos, IDictionary<string, string?>? gatewaySettings, string[] siloSettings)
    {
        var processes = new List<SiloProcess>();
        for (var i = 0; i < silos; i++)
        {
            processes.Add(await SiloProcess.StartAsync($"silo-{i}", settings, siloSettings));
        }

        var cluster = new RealCluster(settings, processes);
        try
        {
            var gateway = await cluster.StartGatewayAsync(gatewaySettings);
            await gateway.WaitForSilosAsync(silos, TimeSpan.FromSeconds(90));
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            var logs = string.Join("\n", processes.Select(p => $"--- {p.Name}\n{p.Log}"));
            await cluster.DisposeAsync();
            throw new TimeoutException($"The cluster did not come up: {ex.Message}\n{logs}", ex);
        }

        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }
    }
}
