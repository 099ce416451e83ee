using Cluster.Contracts.Membership;
using Cluster.Contracts.Store;
using Npgsql;

namespace Cluster.Gateway.Store;

/// <summary>The cluster store in PostgreSQL, shared by every gateway; each call is one short statement.</summary>
internal sealed partial class PostgreSqlClusterStore(NpgsqlDataSource dataSource) : IClusterStore, IAsyncDisposable
{
    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    public Task InitializeAsync(CancellationToken cancellationToken) => PostgreSqlSchema.MigrateAsync(dataSource, cancellationToken);

    public async Task UpsertSiloAsync(SiloHeartbeat heartbeat, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO silos (silo_id, address, models, gpu_name, gpu_memory_bytes, slots, active_sequences, queue_depth,
                               kv_tokens_used, kv_tokens_capacity, sessions, self_draining, last_heartbeat)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
            ON CONFLICT (silo_id) DO UPDATE SET
                address = excluded.address, models = excluded.models, gpu_name = excluded.gpu_name,
                gpu_memory_bytes = excluded.gpu_memory_bytes, slots = excluded.slots,
                active_sequences = excluded.active_sequences, queue_depth = excluded.queue_depth,
                kv_tokens_used = excluded.kv_tokens_used, kv_tokens_capacity = excluded.kv_tokens_capacity,
                sessions = excluded.sessions, self_draining = excluded.self_draining, last_heartbeat = excluded.last_heartbeat
            """);
        command.Parameters.Add(new() { Value = heartbeat.SiloId });
        command.Parameters.Add(new() { Value = heartbeat.Address });
        command.Parameters.Add(new() { Value = heartbeat.Models.ToArray() });
        command.Parameters.Add(new() { Value = heartbeat.GpuName });
        command.Parameters.Add(new() { Value = heartbeat.GpuMemoryBytes });
        command.Parameters.Add(new() { Value = heartbeat.Slots });
        command.Parameters.Add(new() { Value = heartbeat.ActiveSequences });
        command.Parameters.Add(new() { Value = heartbeat.QueueDepth });
        command.Parameters.Add(new() { Value = heartbeat.KvTokensUsed });
        command.Parameters.Add(new() { Value = heartbeat.KvTokensCapacity });
        command.Parameters.Add(new() { Value = heartbeat.Sessions });
        command.Parameters.Add(new() { Value = heartbeat.Draining });
        command.Parameters.Add(new() { Value = receivedAt.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT silo_id, address, models, gpu_name, gpu_memory_bytes, slots, active_sequences, queue_depth,
                   kv_tokens_used, kv_tokens_capacity, sessions, self_draining, draining, last_heartbeat
            FROM silos ORDER BY silo_id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var silos = new List<SiloRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var heartbeat = new SiloHeartbeat(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7),
                reader.GetInt64(8), reader.GetInt64(9), reader.GetInt32(10), reader.GetBoolean(11));
            silos.Add(new SiloRecord(heartbeat, reader.GetFieldValue<DateTimeOffset>(13), reader.GetBoolean(12)));
        }

        return silos;
    }

    public async Task<bool> SetDrainingAsync(string siloId, bool draining, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE silos SET draining = $2 WHERE silo_id = $1");
        command.Parameters.Add(new() { Value = siloId });
        command.Parameters.Add(new() { Value = draining });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task RemoveSiloAsync(string siloId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM silos WHERE silo_id = $1");
        command.Parameters.Add(new() { Value = siloId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
