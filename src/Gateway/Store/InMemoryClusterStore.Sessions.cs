using Cluster.Contracts.Store;

namespace Cluster.Gateway.Store;

internal sealed partial class InMemoryClusterStore
{
    private readonly Dictionary<string, SessionEntry> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _histories = new(StringComparer.Ordinal);

    public Task<SessionEntry?> FindSessionAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_sessions.GetValueOrDefault(key));
        }
    }

    public Task<SessionEntry> ClaimSessionAsync(string key, string model, string siloId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(key, out var entry))
            {
                entry = new SessionEntry(key, model, siloId, at, at);
                _sessions[key] = entry;
            }

            return Task.FromResult(entry);
        }
    }

    public Task<SessionEntry?> MoveSessionAsync(string key, string fromSiloId, string toSiloId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_sessions.TryGetValue(key, out var entry))
            {
                return Task.FromResult<SessionEntry?>(null);
            }

            if (entry.SiloId == fromSiloId)
            {
                entry = entry with { SiloId = toSiloId, UpdatedAt = at };
                _sessions[key] = entry;
            }

            return Task.FromResult<SessionEntry?>(entry);
        }
    }

    public Task<IReadOnlyList<SessionEntry>> ListSessionsAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<SessionEntry>>([.. _sessions.Values.OrderByDescending(s => s.UpdatedAt).Take(limit)]);
        }
    }

    public Task RemoveSessionAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _sessions.Remove(key);
            _histories.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<string?> GetHistoryAsync(string key, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_histories.GetValueOrDefault(key));
        }
    }

    public Task SaveHistoryAsync(string key, string model, string messagesJson, DateTimeOffset at, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _histories[key] = messagesJson;
        }

        return Task.CompletedTask;
    }
}
