using System.Net;
using Cluster.Contracts.Membership;
using Cluster.Store;
using Npgsql;

namespace Cluster.Silo.Membership;

/// <summary>Writes heartbeats straight into the cluster's PostgreSQL store, creating or migrating its schema before the first.</summary>
internal sealed class PostgreSqlHeartbeatSink : IHeartbeatSink
{
    // A heartbeat that takes longer than this is worth no more than a missed one; the next one tries again.
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgreSqlMembershipStore _membership;
    private bool _schemaReady;

    public PostgreSqlHeartbeatSink(string connectionString, TimeProvider clock)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _dataSource = NpgsqlDataSource.Create(builder);
        _membership = new PostgreSqlMembershipStore(_dataSource, clock);
        var host = builder.Host!.Split(',')[0].Trim();
        Destination = $"PostgreSQL {host}/{builder.Database}";

        // A host starting with '/' is a Unix socket folder: the database is on this machine.
        IsLocal = host.StartsWith('/') || host is "localhost" || IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip);
    }

    public string Destination { get; }

    public bool IsLocal { get; }

    public async Task<HeartbeatDelivery> SendAsync(SiloHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            if (!_schemaReady)
            {
                await PostgreSqlSchema.MigrateAsync(_dataSource, timeout.Token);
                _schemaReady = true;
            }

            if (heartbeat.Leaving)
            {
                await _membership.RemoveSiloAsync(heartbeat.SiloId, timeout.Token);
            }
            else
            {
                await _membership.UpsertSiloAsync(heartbeat, timeout.Token);
            }

            return HeartbeatDelivery.Recorded;
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return HeartbeatDelivery.Failed(ex.Message);
        }
    }

    public void Dispose() => _dataSource.Dispose();
}
