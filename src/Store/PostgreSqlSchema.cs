using Npgsql;

namespace Cluster.Store;

/// <summary>The cluster store's schema as numbered migrations, applied once each under an advisory lock by whichever gateway or silo starts first.</summary>
public static class PostgreSqlSchema
{
    // Any constant works; it only has to be the same in every gateway and silo so concurrent starts serialise.
    private const long MigrationLockId = 0x436C7573746572;

    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE silos (
            silo_id text PRIMARY KEY,
            address text NOT NULL,
            models text[] NOT NULL,
            gpu_name text NOT NULL,
            gpu_memory_bytes bigint NOT NULL,
            slots integer NOT NULL,
            active_sequences integer NOT NULL,
            queue_depth integer NOT NULL,
            kv_tokens_used bigint NOT NULL,
            kv_tokens_capacity bigint NOT NULL,
            sessions integer NOT NULL,
            self_draining boolean NOT NULL,
            draining boolean NOT NULL DEFAULT false,
            last_heartbeat timestamptz NOT NULL);
        CREATE TABLE sessions (
            session_key text PRIMARY KEY,
            model text NOT NULL,
            silo_id text NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE INDEX sessions_updated_at ON sessions (updated_at DESC);
        -- json, not jsonb: the messages are compared with what clients resend, so their text must stay as written.
        CREATE TABLE session_histories (
            session_key text PRIMARY KEY,
            model text NOT NULL,
            messages json NOT NULL,
            updated_at timestamptz NOT NULL);
        CREATE TABLE api_keys (
            key_id text PRIMARY KEY,
            name text NOT NULL,
            key_hash text NOT NULL UNIQUE,
            requests_per_minute integer NOT NULL,
            tokens_per_minute integer NOT NULL,
            created_at timestamptz NOT NULL);
        CREATE TABLE key_usage (
            key_id text PRIMARY KEY,
            requests bigint NOT NULL,
            prompt_tokens bigint NOT NULL,
            completion_tokens bigint NOT NULL,
            cached_tokens bigint NOT NULL);
        """,
    ];

    /// <summary>The version a fully migrated database has.</summary>
    public static int LatestVersion => Migrations.Length;

    /// <summary>Applies the migrations the database lacks; returns the version it had before.</summary>
    public static async Task<int> MigrateAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({MigrationLockId})", cancellationToken);
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS cluster_schema (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken);
        await using var query = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM cluster_schema", connection);
        var current = (int)(await query.ExecuteScalarAsync(cancellationToken))!;
        for (var version = current + 1; version <= Migrations.Length; version++)
        {
            await ExecuteAsync(connection, Migrations[version - 1], cancellationToken);
            await ExecuteAsync(connection, $"INSERT INTO cluster_schema (version) VALUES ({version})", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return current;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
