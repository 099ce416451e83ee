using System.Net;
using System.Net.Sockets;

namespace Cluster.Tests.Shared;

/// <summary>TCP ports free on 127.0.0.1 now, for servers that must be told their port up front (Orleans, Redis).</summary>
/// <remarks>
/// A port is handed out between its check and the server's bind, so it must be one nobody else takes meanwhile. The
/// system's ephemeral ports are taken all the time (every outgoing connection's local end is one), so ports come from
/// below the ephemeral range, at random, and never twice in one test run.
/// </remarks>
public static class FreePorts
{
    private const int Lowest = 10_000;
    private const string EphemeralRange = "/proc/sys/net/ipv4/ip_local_port_range";
    private static readonly int s_end = FirstEphemeralPort();
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lock s_gate = new();

    /// <summary>A port nothing listens on, below the ephemeral range and not handed out before by this process.</summary>
    public static int Next()
    {
        if (s_end <= Lowest)
        {
            return SystemChosen();
        }

        lock (s_gate)
        {
            while (true)
            {
                var port = Random.Shared.Next(Lowest, s_end);
                if (s_handedOut.Add(port) && IsFree(port))
                {
                    return port;
                }
            }
        }
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

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    // Where no range below the ephemeral one is left (or the system does not say), the system picks, as before.
    private static int SystemChosen()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int FirstEphemeralPort()
    {
        try
        {
            var fields = File.ReadAllText(EphemeralRange).Split((char[])['\t', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 0 && int.TryParse(fields[0], out var first) ? first : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
