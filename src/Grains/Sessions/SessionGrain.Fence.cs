namespace Cluster.Grains.Sessions;

/// <summary>
/// The handover fence: while a session moves to another silo, this one takes no more of its turns. One move holds
/// the fence at a time, so two movers (two gateways draining the same silo) never both export and import the session.
/// </summary>
public sealed partial class SessionGrain
{
    private readonly Lock _fenceGate = new();
    private long _fencedUntil; // a timestamp of `time`; 0 while not fenced
    private string? _fenceHolder;

    /// <summary>Whether the session is fenced for a move: new turns are refused with <see cref="Models.AdmissionStatus.SessionMoved"/>.</summary>
    public bool Fenced => FenceHolder is not null;

    private bool FencedLocked => _fencedUntil != 0 && time.GetTimestamp() < _fencedUntil;

    /// <summary>
    /// Fences the session for move <paramref name="moveId"/> for <paramref name="lease"/>, then exports it once a running
    /// turn has ended. The same move may ask again (a retry towards another silo); another move is refused while the
    /// fence holds. The export holds every accepted turn: later ones are refused until the move ends the session or
    /// lifts the fence, or the lease runs out (a mover that died).
    /// </summary>
    public async Task<Handover> FenceAndExportAsync(string moveId, TimeSpan turnWait, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(moveId);
        lock (_fenceGate)
        {
            if (FencedLocked && _fenceHolder != moveId)
            {
                return new Handover(HandoverStatus.AnotherMove, null);
            }

            (_fenceHolder, _fencedUntil) = (moveId, time.GetTimestamp() + (long)(lease.TotalSeconds * time.TimestampFrequency));
        }

        bool entered;
        try
        {
            entered = await _turn.WaitAsync(turnWait, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Unfence(moveId);
            throw;
        }

        if (!entered)
        {
            Unfence(moveId);
            return new Handover(HandoverStatus.TurnRunning, null);
        }

        try
        {
            return new Handover(HandoverStatus.Exported, await SnapshotAsync().ConfigureAwait(false));
        }
        catch
        {
            Unfence(moveId);
            throw;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>
    /// Lifts the fence after a failed move: the session keeps serving here. With <paramref name="moveId"/>, only that
    /// move's fence is lifted; without, any (an operator's override). False when it was not fenced or another move holds it.
    /// </summary>
    public bool Unfence(string? moveId = null)
    {
        lock (_fenceGate)
        {
            if (!FencedLocked || (moveId is not null && _fenceHolder != moveId))
            {
                return false;
            }

            (_fenceHolder, _fencedUntil) = (null, 0);
            return true;
        }
    }

    /// <summary>The move holding the fence, or null when the session is not fenced.</summary>
    public string? FenceHolder
    {
        get
        {
            lock (_fenceGate)
            {
                return FencedLocked ? _fenceHolder : null;
            }
        }
    }
}
