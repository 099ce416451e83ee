using Cluster.Contracts.Store;
using Npgsql;
using NpgsqlTypes;

namespace Cluster.Gateway.Store;

internal sealed partial class PostgreSqlClusterStore
{
    private const string SessionColumns = "session_key, model, silo_id, created_at, updated_at";

    public async Task<SessionEntry?> FindSessionAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {SessionColumns} FROM sessions WHERE session_key = $1");
        command.Parameters.Add(new() { Value = key });
        return await ReadSessionAsync(command, cancellationToken);
    }

    public async Task<SessionEntry> ClaimSessionAsync(string key, string model, string siloId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // The no-op update makes RETURNING yield the existing row when another gateway placed the session first.
        await using var command = dataSource.CreateCommand(
            $"""
            INSERT INTO sessions (session_key, model, silo_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
            ON CONFLICT (session_key) DO UPDATE SET session_key = excluded.session_key
            RETURNING {SessionColumns}
            """);
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = model });
        command.Parameters.Add(new() { Value = siloId });
        command.Parameters.Add(new() { Value = at.ToUniversalTime() });
        return (await ReadSessionAsync(command, cancellationToken))!;
    }

    public async Task<SessionEntry?> MoveSessionAsync(string key, string fromSiloId, string toSiloId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using (var command = dataSource.CreateCommand(
            $"UPDATE sessions SET silo_id = $3, updated_at = $4 WHERE session_key = $1 AND silo_id = $2 RETURNING {SessionColumns}"))
        {
            command.Parameters.Add(new() { Value = key });
            command.Parameters.Add(new() { Value = fromSiloId });
            command.Parameters.Add(new() { Value = toSiloId });
            command.Parameters.Add(new() { Value = at.ToUniversalTime() });
            var moved = await ReadSessionAsync(command, cancellationToken);
            if (moved is not null)
            {
                return moved;
            }
        }

        return await FindSessionAsync(key, cancellationToken);
    }

    public async Task<IReadOnlyList<SessionEntry>> ListSessionsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {SessionColumns} FROM sessions ORDER BY updated_at DESC LIMIT $1");
        command.Parameters.Add(new() { Value = limit });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sessions = new List<SessionEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            sessions.Add(ReadSession(reader));
        }

        return sessions;
    }

    public async Task RemoveSessionAsync(string key, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM sessions WHERE session_key = $1") { Parameters = { new() { Value = key } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM session_histories WHERE session_key = $1") { Parameters = { new() { Value = key } } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<string?> GetHistoryAsync(string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT messages::text FROM session_histories WHERE session_key = $1");
        command.Parameters.Add(new() { Value = key });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task SaveHistoryAsync(string key, string model, string messagesJson, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO session_histories (session_key, model, messages, updated_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (session_key) DO UPDATE SET model = excluded.model, messages = excluded.messages, updated_at = excluded.updated_at
            """);
        command.Parameters.Add(new() { Value = key });
        command.Parameters.Add(new() { Value = model });
        command.Parameters.Add(new() { Value = messagesJson, NpgsqlDbType = NpgsqlDbType.Json });
        command.Parameters.Add(new() { Value = at.ToUniversalTime() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<SessionEntry?> ReadSessionAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadSession(reader) : null;
    }

    private static SessionEntry ReadSession(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2),
        reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4));
}
