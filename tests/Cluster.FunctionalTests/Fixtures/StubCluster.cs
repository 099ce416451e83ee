namespace Cluster.FunctionalTests.Fixtures;

/// <summary>A gateway with N stub silos, all started and registered.</summary>
public sealed class StubCluster : IAsyncDisposable
{
    private StubCluster(GatewayHost gateway, IReadOnlyList<StubSilo> silos)
    {
        Gateway = gateway;
        Silos = silos;
    }

    /// <summary>The gateway.</summary>
    public GatewayHost Gateway { get; }

    /// <summary>The silos, "silo-0" … "silo-(N-1)".</summary>
    public IReadOnlyList<StubSilo> Silos { get; }

    /// <summary>The stub with this id.</summary>
    public StubSilo this[string id] => Silos.Single(s => s.Id == id);

    /// <summary>Starts a gateway and <paramref name="silos"/> stubs and waits until all are live.</summary>
    public static async Task<StubCluster> StartAsync(int silos, IDictionary<string, string?>? settings = null)
    {
        var gateway = await GatewayHost.StartAsync(settings);
        var stubs = new List<StubSilo>();
        for (var i = 0; i < silos; i++)
        {
            stubs.Add(await StubSilo.StartAsync($"silo-{i}", gateway.Address));
        }

        await gateway.WaitForSilosAsync(silos);
        return new StubCluster(gateway, stubs);
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
