using System.Net;
using System.Net.Sockets;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>TCP ports free on 127.0.0.1 now, for servers that must be told their port up front (Orleans, Redis).</summary>
public static class FreePorts
{
    /// <summary>A port the system just handed out and released.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on <paramref name="port"/>.</summary>
    public static async Task WaitUntilListeningAsync(int port, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
