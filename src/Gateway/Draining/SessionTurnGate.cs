namespace Cluster.Gateway.Draining;

/// <summary>
/// Keeps a session's turns and its move apart within this gateway: a move starts only while no turn of the session
/// runs, and turns that arrive during a move wait for it, then find the new owner in the directory.
/// </summary>
internal sealed class SessionTurnGate
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, SessionTurns> _sessions = new(StringComparer.Ordinal);

    /// <summary>Enters a turn of the session, after any move of it in progress; dispose the lease when the turn is over.</summary>
    public async ValueTask<TurnLease> EnterAsync(string sessionKey, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task moving;
            lock (_gate)
            {
                var turns = Get(sessionKey);
                if (turns.Move is null)
                {
                    turns.Running++;
                    return new TurnLease(this, sessionKey);
                }

                moving = turns.Move.Task;
            }

            await moving.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Starts a move unless a turn of the session runs; true when started (end it with <see cref="EndMove"/>).</summary>
    public bool TryBeginMove(string sessionKey)
    {
        lock (_gate)
        {
            var turns = Get(sessionKey);
            if (turns.Running > 0 || turns.Move is not null)
            {
                Forget(sessionKey, turns);
                return false;
            }

            turns.Move = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return true;
        }
    }

    /// <summary>Ends a move: the turns that waited go on.</summary>
    public void EndMove(string sessionKey)
    {
        TaskCompletionSource? move;
        lock (_gate)
        {
            var turns = Get(sessionKey);
            move = turns.Move;
            turns.Move = null;
            Forget(sessionKey, turns);
        }

        move?.TrySetResult();
    }

    private void Leave(string sessionKey)
    {
        lock (_gate)
        {
            var turns = Get(sessionKey);
            turns.Running--;
            Forget(sessionKey, turns);
        }
    }

    private SessionTurns Get(string sessionKey)
    {
        if (!_sessions.TryGetValue(sessionKey, out var turns))
        {
            turns = new SessionTurns();
            _sessions[sessionKey] = turns;
        }

        return turns;
    }

    private void Forget(string sessionKey, SessionTurns turns)
    {
        if (turns.Running == 0 && turns.Move is null)
        {
            _sessions.Remove(sessionKey);
        }
    }

    /// <summary>One running turn; disposing it ends the turn. The default lease holds nothing.</summary>
    internal readonly struct TurnLease(SessionTurnGate gate, string sessionKey) : IDisposable
    {
        public void Dispose() => gate?.Leave(sessionKey);
    }

    private sealed class SessionTurns
    {
        public int Running { get; set; }

        public TaskCompletionSource? Move { get; set; }
    }
}
