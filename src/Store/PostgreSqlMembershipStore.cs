using Cluster.Contracts.Membership;
using Cluster.Contracts.Store;
using Npgsql;

namespace Cluster.Store;

/// <summary>
/// The silos table: written by gateways (heartbeats they receive over HTTP) and by silos (their own heartbeats), read by gateways.
/// Heartbeats are stamped and aged on the database's clock, so writers and readers on other machines need not agree on the time.
/// </summary>
/// <param name="dataSource">The cluster database; the caller owns it.</param>
/// <param name="readerClock">The reader's clock, on which <see cref="SiloRecord.LastHeartbeat"/> is expressed.</param>
public sealed class PostgreSqlMembershipStore(NpgsqlDataSource dataSource, TimeProvider readerClock) : IMembershipStore
{
    /// <inheritdoc/>
    public async Task UpsertSiloAsync(SiloHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO silos (silo_id, address, models, gpu_name, gpu_memory_bytes, slots, active_sequences, queue_depth,
                               kv_tokens_used, kv_tokens_capacity, sessions, self_draining, last_heartbeat)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, now())
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
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<SiloRecord>> ListSilosAsync(CancellationToken cancellationToken)
    {
        // The age is taken on the database's clock (the one that stamped the heartbeat), then placed on the reader's.
        await using var command = dataSource.CreateCommand(
            """
            SELECT silo_id, address, models, gpu_name, gpu_memory_bytes, slots, active_sequences, queue_depth,
                   kv_tokens_used, kv_tokens_capacity, sessions, self_draining, draining,
                   greatest(now() - last_heartbeat, interval '0')
            FROM silos ORDER BY silo_id
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var now = readerClock.GetUtcNow();
        var silos = new List<SiloRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var heartbeat = new SiloHeartbeat(
                reader.GetString(0), reader.GetString(1), reader.GetFieldValue<string[]>(2), reader.GetString(3),
                reader.GetInt64(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7),
                reader.GetInt64(8), reader.GetInt64(9), reader.GetInt32(10), reader.GetBoolean(11));
            silos.Add(new SiloRecord(heartbeat, now - reader.GetFieldValue<TimeSpan>(13), reader.GetBoolean(12)));
        }

        return silos;
    }

    /// <inheritdoc/>
    public async Task<bool> SetDrainingAsync(string siloId, bool draining, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE silos SET draining = $2 WHERE silo_id = $1");
        command.Parameters.Add(new() { Value = siloId });
        command.Parameters.Add(new() { Value = draining });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <inheritdoc/>
    public async Task RemoveSiloAsync(string siloId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM silos WHERE silo_id = $1");
        command.Parameters.Add(new() { Value = siloId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
