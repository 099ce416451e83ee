using System.Diagnostics;
using System.Text;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>A real silo process (cluster-silo.dll) serving the demo model on 127.0.0.1 and joining a gateway or the PostgreSQL store.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SiloProcess(string id, Process process)
    {
        Id = id;
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The silo id it registers under.</summary>
    public string Id { get; }

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

    /// <summary>Starts a silo with the demo model that heartbeats into <paramref name="gateway"/>.</summary>
    public static Task<SiloProcess> StartAsync(string id, Uri gateway) => StartAsync(id, $"--Cluster:Membership:GatewayUrl={gateway}");

    /// <summary>Starts a silo with the demo model that writes its heartbeats into the PostgreSQL store at <paramref name="connectionString"/>.</summary>
    public static Task<SiloProcess> StartOnPostgreSqlAsync(string id, string connectionString) => StartAsync(id, $"--Cluster:Membership:PostgreSql={connectionString}");

    /// <summary>
    /// Starts a silo heartbeating into <paramref name="gateway"/> that serves, under the demo model's id, a model built
    /// from other weights: a mis-deployed silo whose imports of the demo model's sessions are refused.
    /// </summary>
    public static async Task<SiloProcess> StartWithOtherWeightsAsync(string id, Uri gateway) =>
        await StartAsync(id, $"--Cluster:Membership:GatewayUrl={gateway}", await DemoModel.OtherWeightsPathAsync(), $"--Silo:Models:0:ModelId={DemoModel.Id}");

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

    private static async Task<SiloProcess> StartAsync(string id, string membership) => await StartAsync(id, membership, await DemoModel.PathAsync());

    private static Task<SiloProcess> StartAsync(string id, string membership, string model, params string[] settings)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(RepoPaths.SiloDll)!,
        };
        foreach (var argument in (string[])[RepoPaths.SiloDll, "--model", model, "--urls=http://127.0.0.1:0", membership,
            $"--Cluster:Membership:SiloId={id}", "--Cluster:Membership:HeartbeatInterval=00:00:00.250", "--Logging:LogLevel:Default=Warning", .. settings])
        {
            start.ArgumentList.Add(argument);
        }

        return Task.FromResult(new SiloProcess(id, Process.Start(start)!));
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
