using System.Net;
using System.Net.Sockets;
using Cluster.FunctionalTests.Fixtures;
using Cluster.Tests.Shared;

namespace Cluster.FunctionalTests.Shutdown;

/// <summary>SIGTERM to a gateway process (as Docker and Kubernetes stop it): it refuses new connections and finishes the streams in flight.</summary>
public sealed class GatewayShutdownTests
{
    private const int StreamedTokens = 200;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Sigterm_StreamInFlight_NewConnectionsRefusedStreamCompletesGatewayExits()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var environment = cluster.Settings.GatewaySettings(cluster.Silos.Select(silo => silo.GatewayPort))
            .Where(setting => setting.Value is not null)
            .ToDictionary(setting => setting.Key.Replace(":", "__", StringComparison.Ordinal), setting => setting.Value!);
        environment["Gateway__Catalog__RefreshInterval"] = "00:00:00.200";
        await using var gateway = await GatewayProcess.StartAsync(environment);
        await gateway.WaitForSilosAsync(1, Bound);

        var body = Chat.LongStream(StreamedTokens, "Tell me a long story.");
        using var streaming = await Chat.PostAsync(gateway.Client, body, completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, streaming.StatusCode);
        var stream = new EventStream(new StreamReader(await streaming.Content.ReadAsStreamAsync()));
        await stream.ReadDeltasAsync(1);

        await gateway.Process.TerminateAsync();
        await gateway.Process.WaitForLogAsync("Gateway stopping: 1 requests in flight to silos", Bound);
        await WaitUntilRefusedAsync(gateway.Address.Port);
        await stream.ReadToEndAsync();
        var exitCode = await gateway.Process.WaitForExitAsync(Bound);

        Assert.Equal(StreamedTokens, stream.CompletionTokens);
        Assert.Equal("length", stream.FinishReason);
        Assert.True(stream.Done, "the stream did not end with [DONE]");
        Assert.Equal(0, exitCode);
        Assert.Contains("Gateway stopped: 0 requests still in flight were cut", gateway.Process.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sigterm_BeforeAnySiloAnswered_ExitsCleanly()
    {
        var environment = new Dictionary<string, string>
        {
            ["Cluster__Secret"] = ClusterSettings.TestSecret,
            ["Cluster__GatewayPorts__0"] = FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await using var gateway = await GatewayProcess.StartAsync(environment);
        using var ready = await gateway.Client.GetAsync("/health/ready");

        await gateway.Process.TerminateAsync();
        var exitCode = await gateway.Process.WaitForExitAsync(Bound);

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True(exitCode == 0, gateway.Process.Log);
        Assert.DoesNotContain("Unhandled exception", gateway.Process.Log, StringComparison.Ordinal);
    }

    // Kestrel closes its listener first, then waits for the requests in flight.
    private static async Task WaitUntilRefusedAsync(int port)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            }
            catch (SocketException error) when (error.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                // Refused once the listener is closed; reset when it closed with this connection still in its backlog.
                return;
            }

            await Task.Delay(50, timeout.Token);
        }
    }
}
