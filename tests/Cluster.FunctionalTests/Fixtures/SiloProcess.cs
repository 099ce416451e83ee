using System.Diagnostics;
using System.Text;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>A real silo process (cluster-silo.dll) serving the demo model on 127.0.0.1, an Orleans silo of the test's cluster.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SiloProcess(string name, int siloPort, int gatewayPort, Process process)
    {
        Name = name;
        SiloPort = siloPort;
        GatewayPort = gatewayPort;
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>Its Orleans silo name (x-cluster-silo, /admin/nodes).</summary>
    public string Name { get; }

    /// <summary>Its port for silo-to-silo traffic.</summary>
    public int SiloPort { get; }

    /// <summary>Its port for Orleans clients (gateways).</summary>
    public int GatewayPort { get; }

    /// <summary>What the process printed so far.</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts a silo named <paramref name="name"/> with the demo model in the cluster described by <paramref name="cluster"/>, on free ports.</summary>
    public static async Task<SiloProcess> StartAsync(string name, ClusterSettings cluster, params string[] settings)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var siloPort = FreePorts.Next();
        var gatewayPort = FreePorts.Next();
        var primary = cluster.PrimarySiloPort == 0 ? siloPort : cluster.PrimarySiloPort;
        var model = await DemoModel.PathAsync();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(RepoPaths.SiloDll)!,
        };
        string[] membership = cluster.Redis is { } redis
            ? ["--Cluster:Membership=Redis", $"--Cluster:Redis={redis}"]
            : ["--Cluster:Membership=Localhost", $"--Cluster:PrimarySiloPort={primary}"];
        foreach (var argument in (string[])[RepoPaths.SiloDll, "--model", model, "--urls=http://127.0.0.1:0", $"--Cluster:SiloName={name}",
            $"--Cluster:SiloPort={siloPort}", $"--Cluster:GatewayPort={gatewayPort}", $"--Cluster:Secret={cluster.Secret}", $"--Cluster:ClusterId={cluster.ClusterId}",
            .. membership, .. cluster.TlsArguments(), "--Logging:LogLevel:Default=Warning", .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        var silo = new SiloProcess(name, siloPort, gatewayPort, Process.Start(start)!);
        if (cluster.PrimarySiloPort == 0 && cluster.Redis is null)
        {
            cluster.PrimarySiloPort = siloPort;
        }

        return silo;
    }

    /// <summary>Stops the process as an operator would (SIGTERM) and waits until it has exited.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }
}
