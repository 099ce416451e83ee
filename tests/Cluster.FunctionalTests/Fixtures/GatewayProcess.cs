using System.Globalization;
using Cluster.Tests.Shared;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>A real gateway process (cluster-gateway.dll) on 127.0.0.1, configured by environment variables as a container would be.</summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private GatewayProcess(ChildProcess process, int port)
    {
        Process = process;
        Address = new Uri($"http://127.0.0.1:{port}");
        Client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>The process: its output, signals and exit.</summary>
    public ChildProcess Process { get; }

    /// <summary>The gateway's base URL.</summary>
    public Uri Address { get; }

    /// <summary>A client for the gateway.</summary>
    public HttpClient Client { get; }

    /// <summary>
    /// Starts the gateway on <paramref name="port"/> (a free one when 0) with <paramref name="environment"/> (Cluster__*, Gateway__*, …) and
    /// waits until it listens; it logs its lifetime and shutdown events, so tests can wait for them.
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(IReadOnlyDictionary<string, string> environment, int port = 0)
    {
        port = port == 0 ? FreePorts.Next() : port;
        var all = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_HTTP_PORTS"] = port.ToString(CultureInfo.InvariantCulture),
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__Cluster.Gateway.Shutdown"] = "Information",
        };
        var process = ChildProcess.StartDotnet(Path.GetDirectoryName(RepoPaths.GatewayDll)!, [RepoPaths.GatewayDll], all);
        var gateway = new GatewayProcess(process, port);
        await FreePorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(60));
        return gateway;
    }

    /// <summary>Waits until exactly <paramref name="count"/> silos are live and healthy in the gateway's catalog.</summary>
    public Task WaitForSilosAsync(int count, TimeSpan timeout) => GatewayReadiness.WaitForSilosAsync(Client, count, timeout);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Process.DisposeAsync();
    }
}
