using System.Diagnostics;
using Cluster.Tests.Shared;

namespace Cluster.FunctionalTests.Fixtures;

/// <summary>A real redis-server process on a free port, without persistence (Debian package redis-server); stopped at dispose.</summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;

    private RedisServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>Its port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis connection string.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>Starts redis-server and waits until it accepts connections.</summary>
    public static Task<RedisServer> StartAsync()
    {
        var port = FreePorts.Next();
        return StartAsync(port, ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
    }

    /// <summary>Starts redis-server with <paramref name="arguments"/> (which must make it listen on <paramref name="port"/>) and waits until it accepts connections.</summary>
    public static async Task<RedisServer> StartAsync(int port, IEnumerable<string> arguments)
    {
        var process = Tools.Start("redis-server", arguments, "redis-server");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new RedisServer(process, port);
        await FreePorts.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
