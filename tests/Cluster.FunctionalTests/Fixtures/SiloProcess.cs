using Cluster.Tests.Shared;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>A real silo process (cluster-silo.dll) serving the demo model on 127.0.0.1, an Orleans silo of the test's cluster.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private SiloProcess(string name, int siloPort, int gatewayPort, ChildProcess process)
    {
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        Process = process;
    }

    /// <summary>Its Orleans silo name (x-cluster-silo, /admin/nodes).</summary>
    public string Name { get; }

    /// <summary>Its port for silo-to-silo traffic.</summary>
    public int SiloPort { get; }

    /// <summary>Its port for Orleans clients (gateways).</summary>
    public int GatewayPort { get; }

    /// <summary>The process: its output, signals and exit.</summary>
    public ChildProcess Process { get; }

    /// <summary>What the process printed so far.</summary>
    public string Log => Process.Log;

    /// <summary>Starts a silo named <paramref name="name"/> with the demo model in the cluster described by <paramref name="cluster"/>, on free ports.</summary>
    public static async Task<SiloProcess> StartAsync(string name, ClusterSettings cluster, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var primary = cluster.PrimarySiloPort == 0 ? siloPort : cluster.PrimarySiloPort;
        var model = await DemoModel.PathAsync();
        string[] membership = cluster.Redis is { } redis
            ? ["--Cluster:Membership=Redis", $"--Cluster:Redis={redis}"]
            : ["--Cluster:Membership=Localhost", $"--Cluster:PrimarySiloPort={primary}"];
        var process = ChildProcess.StartDotnet(Path.GetDirectoryName(RepoPaths.SiloDll)!, [RepoPaths.SiloDll, "--model", model, "--urls=http://127.0.0.1:0", $"--Cluster:SiloName={name}",
            $"--Cluster:SiloPort={siloPort}", $"--Cluster:GatewayPort={gatewayPort}", $"--Cluster:Secret={cluster.Secret}", $"--Cluster:ClusterId={cluster.ClusterId}",
            .. membership, .. cluster.TlsArguments(), "--Logging:LogLevel:Default=Warning", .. settings]);
        var silo = new SiloProcess(name, siloPort, gatewayPort, process);
        if (cluster.PrimarySiloPort == 0 && cluster.Redis is null)
        {
            cluster.PrimarySiloPort = siloPort;
        }

        return silo;
    }

    /// <summary>Stops the process as an operator would (SIGTERM) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        await Process.TerminateAsync();
        await Process.WaitForExitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill() => Process.Kill();

    public ValueTask DisposeAsync() => Process.DisposeAsync();
}
