using Cluster.Contracts.Store;
using Npgsql;

namespace Cluster.Gateway.Store;

internal sealed partial class PostgreSqlClusterStore
{
    private const string KeyColumns = "key_id, name, key_hash, requests_per_minute, tokens_per_minute, created_at";

    public async Task<ApiKeyRecord?> FindApiKeyAsync(string keyHash, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {KeyColumns} FROM api_keys WHERE key_hash = $1");
        command.Parameters.Add(new() { Value = keyHash });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadKey(reader) : null;
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListApiKeysAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {KeyColumns} FROM api_keys ORDER BY created_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var keys = new List<ApiKeyRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add(ReadKey(reader));
        }

        return keys;
    }

    public async Task<bool> AddApiKeyAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO api_keys ({KeyColumns}) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING");
        command.Parameters.Add(new() { Value = key.Id });
        command.Parameters.Add(new() { Value = key.Name });
        command.Parameters.Add(new() { Value = key.KeyHash });
        command.Parameters.Add(new() { Value = key.RequestsPerMinute });
        command.Parameters.Add(new() { Value = key.TokensPerMinute });
        command.Parameters.Add(new() { Value = key.CreatedAt.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task<bool> RemoveApiKeyAsync(string id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM api_keys WHERE key_id = $1");
        command.Parameters.Add(new() { Value = id });
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    public async Task AddUsageAsync(string keyId, TokenUsage usage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO key_usage (key_id, requests, prompt_tokens, completion_tokens, cached_tokens) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (key_id) DO UPDATE SET
                requests = key_usage.requests + excluded.requests,
                prompt_tokens = key_usage.prompt_tokens + excluded.prompt_tokens,
                completion_tokens = key_usage.completion_tokens + excluded.completion_tokens,
                cached_tokens = key_usage.cached_tokens + excluded.cached_tokens
            """);
        command.Parameters.Add(new() { Value = keyId });
        command.Parameters.Add(new() { Value = usage.Requests });
        command.Parameters.Add(new() { Value = usage.PromptTokens });
        command.Parameters.Add(new() { Value = usage.CompletionTokens });
        command.Parameters.Add(new() { Value = usage.CachedTokens });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, TokenUsage>> ListUsageAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT key_id, requests, prompt_tokens, completion_tokens, cached_tokens FROM key_usage");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var usage = new Dictionary<string, TokenUsage>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            usage[reader.GetString(0)] = new TokenUsage(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4));
        }

        return usage;
    }

    private static ApiKeyRecord ReadKey(NpgsqlDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetFieldValue<DateTimeOffset>(5));
}
