using System.Collections.Concurrent;
using System.Globalization;
using Cluster.Grains.Models;

namespace Cluster.Grains.Sessions;

/// <summary>The sessions living on this silo: creation, lookup, expiry, export and import.</summary>
public sealed class SessionDirectory(SessionOptions options, TimeProvider time) : IDisposable
{
    // How long the ids of sessions that moved away stay refused: long enough for a turn routed before the hand-over to arrive.

    private readonly ConcurrentDictionary<string, SessionGrain> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _movedAway = new(StringComparer.Ordinal);
    private long _nextId = 1;

    /// <summary>Sessions alive.</summary>
    public int Count => _sessions.Count;

    /// <summary>Every session alive.</summary>
    public IEnumerable<SessionGrain> All => _sessions.Values;

    /// <summary>Assigns a fresh numeric id (the interactive API's session_id = -1).</summary>
    public string NewId()
    {
        string id;
        do
        {
            id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        }
        while (_sessions.ContainsKey(id));
        return id;
    }

    /// <summary>The session with this id, or null.</summary>
    public SessionGrain? Find(string id) => _sessions.GetValueOrDefault(id);

    /// <summary>Whether the session was ended here after a fenced export, moments ago: it lives on another silo now.</summary>
    public bool MovedAway(string id) => _movedAway.TryGetValue(id, out var at) && time.GetElapsedTime(at) < options.MovedAwayRefusal;

    /// <summary>The session with this id, created on the model grain if new; null when the silo is full of sessions or it <see cref="MovedAway"/>.</summary>
    public SessionGrain? GetOrCreate(string id, IModelGrain model)
    {
        if (_sessions.TryGetValue(id, out var existing))
        {
            return existing;
        }

        // A turn routed before the hand-over must not start the session afresh here.
        if (_sessions.Count >= options.MaxSessions || MovedAway(id))
        {
            return null;
        }

        var created = new SessionGrain(id, model, time);
        if (_sessions.TryAdd(id, created))
        {
            return created;
        }

        created.Dispose();
        return _sessions[id];
    }

    /// <summary>Ends a session and frees its KV; false if it did not exist.</summary>
    public async Task<bool> EndAsync(string id)
    {
        // Remembered before the removal, so GetOrCreate always sees either the fenced session or the memory of it.
        if (Find(id) is { Fenced: true })
        {
            _movedAway[id] = time.GetTimestamp();
        }

        if (!_sessions.TryRemove(id, out var session))
        {
            return false;
        }

        await session.Model.EndSessionAsync(id).ConfigureAwait(false);
        session.Dispose();
        return true;
    }

    /// <summary>Ends every session idle longer than the time to live; returns how many.</summary>
    public async Task<int> ExpireIdleAsync()
    {
        var expired = _sessions.Values.Where(session => !session.Busy && session.Idle > options.IdleTimeToLive).Select(session => session.Id).ToList();
        foreach (var id in expired)
        {
            await EndAsync(id).ConfigureAwait(false);
        }

        foreach (var (id, _) in _movedAway.Where(entry => time.GetElapsedTime(entry.Value) >= options.MovedAwayRefusal))
        {
            _movedAway.TryRemove(id, out _);
        }

        return expired.Count;
    }

    /// <summary>Takes over a session exported from another silo, after checking the format and the exact model.</summary>
    public async Task<SessionImportResult> ImportAsync(SessionExport export, IModelGrain? model)
    {
        ArgumentNullException.ThrowIfNull(export);
        if (export.Version != SessionExport.CurrentVersion)
        {
            return SessionImportResult.UnknownVersion;
        }

        if (model is null)
        {
            return SessionImportResult.ModelNotServed;
        }

        if (!string.Equals(model.Fingerprint, export.ModelFingerprint, StringComparison.Ordinal))
        {
            return SessionImportResult.ModelMismatch;
        }

        // The session comes back: it is served here again.
        _movedAway.TryRemove(export.SessionId, out _);
        var session = new SessionGrain(export.SessionId, model, time);
        if (!_sessions.TryAdd(export.SessionId, session))
        {
            session.Dispose();
            return SessionImportResult.AlreadyExists;
        }

        await session.ImportAsync(export).ConfigureAwait(false);
        return SessionImportResult.Imported;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var session in _sessions.Values)
        {
            session.Dispose();
        }

        _sessions.Clear();
    }
}
