using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Cluster.Tests.Fixtures;

/// <summary>
/// A real PostgreSQL server for the tests: Debian's binaries (package "postgresql"), initdb into a temporary folder,
/// started on a free loopback port (as the "postgres" user when the tests run as root), removed at the end.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private string? _directory;
    private string? _bin;

    /// <summary>The port the server listens on.</summary>
    public int Port { get; private set; }

    /// <summary>Starts the server.</summary>
    public async Task InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault()
            : null;
        if (_bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: the tests need Debian's 'postgresql' package (/usr/lib/postgresql/<version>/bin).");
        }

        _directory = Directory.CreateTempSubdirectory("cluster-pg-").FullName;
        Port = FreePort();
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", $"postgres:postgres {_directory}");
        }

        await RunPostgresAsync("initdb", $"-D {_directory}/data -A trust -U postgres -E UTF8 --no-sync");
        await RunPostgresAsync("pg_ctl", $"-D {_directory}/data -l {_directory}/log -w -t 30 -o \"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=200\" start");
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>Stops the server and removes its files.</summary>
    public async Task DisposeAsync()
    {
        if (_directory is null)
        {
            return;
        }

        await RunPostgresAsync("pg_ctl", $"-D {_directory}/data -m immediate -w stop", check: false);
        Directory.Delete(_directory, recursive: true);
    }

    private string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Pooling=true;Maximum Pool Size=20";

    private Task RunPostgresAsync(string tool, string arguments, bool check = true) => Environment.IsPrivilegedProcess
        ? RunAsync("runuser", $"-u postgres -- {_bin}/{tool} {arguments}", check)
        : RunAsync($"{_bin}/{tool}", arguments, check);

    private static async Task RunAsync(string file, string arguments, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
