namespace Cluster.FunctionalTests.Fixtures;

/// <summary>The gateway with real silo processes serving the demo model.</summary>
public sealed class RealCluster : IAsyncDisposable
{
    private RealCluster(GatewayHost gateway, IReadOnlyList<SiloProcess> silos)
    {
        Gateway = gateway;
        Silos = silos;
    }

    /// <summary>The gateway.</summary>
    public GatewayHost Gateway { get; }

    /// <summary>The silo processes, "silo-0" … .</summary>
    public IReadOnlyList<SiloProcess> Silos { get; }

    /// <summary>The silo process with this id.</summary>
    public SiloProcess this[string id] => Silos.Single(s => s.Id == id);

    /// <summary>Starts a gateway and <paramref name="silos"/> silo processes heartbeating into it, and waits until all registered.</summary>
    public static async Task<RealCluster> StartAsync(int silos)
    {
        var gateway = await GatewayHost.StartAsync();
        return await StartSilosAsync(gateway, silos, id => SiloProcess.StartAsync(id, gateway.Address));
    }

    /// <summary>
    /// Starts a gateway on the PostgreSQL store at <paramref name="connectionString"/> and <paramref name="silos"/> silo processes
    /// that write their heartbeats into that database themselves (no gateway URL), and waits until all registered.
    /// </summary>
    public static async Task<RealCluster> StartOnPostgreSqlAsync(int silos, string connectionString)
    {
        var gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["Gateway:Store:Provider"] = "PostgreSql",
            ["Gateway:Store:ConnectionString"] = connectionString,
        });
        return await StartSilosAsync(gateway, silos, id => SiloProcess.StartOnPostgreSqlAsync(id, connectionString));
    }

    private static async Task<RealCluster> StartSilosAsync(GatewayHost gateway, int silos, Func<string, Task<SiloProcess>> start)
    {
        var processes = new List<SiloProcess>();
        for (var i = 0; i < silos; i++)
        {
            processes.Add(await start($"silo-{i}"));
        }

        var cluster = new RealCluster(gateway, processes);
        try
        {
            await gateway.WaitForSilosAsync(silos, TimeSpan.FromSeconds(45));
        }
        catch (TimeoutException ex)
        {
            var logs = string.Join("\n", processes.Select(p => $"--- {p.Id}\n{p.Log}"));
            await cluster.DisposeAsync();
            throw new TimeoutException($"{ex.Message} (does the silo call AddClusterMembership?)\n{logs}", ex);
        }

        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var silo in Silos)
        {
            await silo.DisposeAsync();
        }

        await Gateway.DisposeAsync();
    }
}
