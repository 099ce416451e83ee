using System.Collections.Concurrent;
using System.Diagnostics;

namespace Cluster.Inference.Scheduling;

public sealed partial class BatchScheduler
{
    private readonly Dictionary<string, SessionResidency> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Action> _commands = new();
    private long _hostBytes;
    private long _evictedToHost;
    private long _restored;
    private long _dropped;
    private long _rebuilt;
    private readonly HostKvTransfers _transfers = new();
    private volatile SessionCounters _sessionCounters = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Session residency counters (updated every step).</summary>
    public SessionCounters SessionCounters => _sessionCounters;

    /// <summary>Forgets a session and frees its KV, in a slot or in host memory.</summary>
    public Task EndSessionAsync(string key) => RunOnLoopAsync(() =>
    {
        if (_sessions.Remove(key, out var session))
        {
            ReleaseHostState(session);
            if (session.Slot is { Active: null } slot)
            {
                _context.RemoveTokens(slot.Id);
                slot.Resident.Clear();
            }

            if (session.Slot is { } owned)
            {
                owned.Session = null;
            }
        }

        return true;
    });

    /// <summary>Copies a session's KV and tokens out (for another silo); null if the session is unknown or mid-turn.</summary>
    public Task<SessionSnapshot?> ExportSessionAsync(string key) => RunOnLoopAsync(() =>
    {
        if (!_sessions.TryGetValue(key, out var session))
        {
            return null;
        }

        return session switch
        {
            { Slot: { Active: null } slot } => new SessionSnapshot(key, [.. slot.Resident], _context.SaveSequenceState(slot.Id)),
            { Slot: not null } => null,
            { HostState: { } state } => new SessionSnapshot(key, [.. session.HostTokens], state.ToArray()),
            _ => new SessionSnapshot(key, [.. session.HostTokens], []),
        };
    });

    /// <summary>Takes over a session exported elsewhere; its next turn restores the KV (or rebuilds it when the state is empty or refused).</summary>
    public Task ImportSessionAsync(SessionSnapshot snapshot) => RunOnLoopAsync(() =>
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (_sessions.Remove(snapshot.Key, out var previous))
        {
            ReleaseHostState(previous);
            if (previous.Slot is { } slot)
            {
                slot.Session = null;
            }
        }

        var session = new SessionResidency(snapshot.Key) { HostTokens = [.. snapshot.Tokens], LastUsed = _step };
        if (snapshot.KvState.Length > 0 && MakeHostRoom(snapshot.KvState.Length, session))
        {
            session.HostState = new HostKvState(snapshot.KvState);
            _hostBytes += snapshot.KvState.Length;
        }

        _sessions[snapshot.Key] = session;
        return true;
    });

    /// <summary>Runs <paramref name="command"/> on the loop thread between steps (tests use it to hold the loop).</summary>
    internal Task<T> RunOnLoopAsync<T>(Func<T> command)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _commands.Enqueue(() =>
        {
            try
            {
                var result = command();

                // Published before the caller resumes, so what the command changed (an ended session, freed KV) shows at once.
                PublishLoad();
                done.SetResult(result);
            }
            catch (Exception error)
            {
                done.SetException(error);
            }
        });
        _wake.Release();
        return done.Task;
    }

    private void RunCommands()
    {
        while (_commands.TryDequeue(out var command))
        {
            command();
        }
    }

    private SessionResidency? SessionOf(PendingRequest pending) =>
        pending.Request.SessionKey is { } key && _sessions.TryGetValue(key, out var session) ? session : null;

    // Moves an idle session's KV out of its slot: to host memory while the budget allows, else dropped.
    private void EvictSession(SequenceSlot slot)
    {
        var session = slot.Session!;
        session.HostTokens = [.. slot.Resident];
        session.KvAdapter = slot.KvAdapter;
        var started = Stopwatch.GetTimestamp();
        var size = _context.SequenceStateSize(slot.Id);
        if (size > 0 && MakeHostRoom(_hostStore.Footprint(size), session) && _hostStore.Save(_context, slot.Id) is { } state)
        {
            session.HostState = state;
            _hostBytes += state.Footprint;
            _evictedToHost++;
            _transfers.CountSave(state.Length, Stopwatch.GetElapsedTime(started));
        }
        else
        {
            _dropped++;
        }

        session.Slot = null;
        slot.Session = null;
        _context.RemoveTokens(slot.Id);
        slot.Resident.Clear();
    }

    // Brings a session's KV into the slot chosen for its turn: restored from host memory, or left to be rebuilt
    // (a stateless prefix already in the slot still counts). Another idle session in that slot moves out first.
    private void Bind(SessionResidency session, SequenceSlot slot)
    {
        if (session.Slot == slot)
        {
            return;
        }

        if (slot.Session is not null)
        {
            EvictSession(slot);
        }

        if (session.HostState is { } state)
        {
            _context.RemoveTokens(slot.Id);
            slot.Resident.Clear();
            var started = Stopwatch.GetTimestamp();
            if (state.RestoreInto(_context, slot.Id))
            {
                _transfers.CountRestore(state.Length, Stopwatch.GetElapsedTime(started));
                slot.Resident.AddRange(session.HostTokens);
                slot.KvAdapter = session.KvAdapter;
                _restored++;
            }
            else
            {
                _context.RemoveTokens(slot.Id);
                _rebuilt++;
            }
        }
        else if (session.HostTokens.Count > 0)
        {
            _rebuilt++;
        }

        ReleaseHostState(session);
        session.Slot = slot;
        slot.Session = session;
    }

    private bool MakeHostRoom(long bytes, SessionResidency keep)
    {
        while (_hostBytes + bytes > _options.SessionHostBudgetBytes)
        {
            var oldest = _sessions.Values.Where(s => s.HostState is not null && s != keep).MinBy(s => s.LastUsed);
            if (oldest is null)
            {
                return false;
            }

            ReleaseHostState(oldest);
            _dropped++;
        }

        return true;
    }

    private void ReleaseHostState(SessionResidency session)
    {
        if (session.HostState is { } state)
        {
            _hostBytes -= state.Footprint;
            session.HostState = null;
            _hostStore.Release(state);
        }
    }

    private void LogSessionResidency()
    {
        if (_sessionCounters is not { Sessions: > 0 } sessions)
        {
            return;
        }

        var saveRate = HostKvTransfers.Rate(_transfers.SavedBytes, _transfers.SaveTime);
        var restoreRate = HostKvTransfers.Rate(_transfers.RestoredBytes, _transfers.RestoreTime);
        var allocations = _hostStore.Allocations;
        LogSessions(_logger, sessions.Sessions, sessions.Resident, sessions.OnHost, sessions.HostBytes >> 20, _hostStore.BlockBytes >> 20,
            allocations.Count, allocations.Time.TotalMilliseconds,
            sessions.EvictedToHost, sessions.Restored, sessions.Dropped, sessions.Rebuilt,
            _transfers.SavedBytes >> 20, _transfers.SaveTime.TotalMilliseconds, saveRate,
            _transfers.RestoredBytes >> 20, _transfers.RestoreTime.TotalMilliseconds, restoreRate);
    }

    private void PublishSessionCounters() => _sessionCounters = new SessionCounters(
        _sessions.Count,
        _sessions.Values.Count(s => s.Slot is not null),
        _sessions.Values.Count(s => s.HostState is not null),
        _hostBytes, _evictedToHost, _restored, _dropped, _rebuilt);
}
