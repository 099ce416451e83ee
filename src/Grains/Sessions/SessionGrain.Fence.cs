namespace Cluster.Grains.Sessions;

/// <summary>The handover fence: while a session moves to another silo, this one takes no more of its turns.</summary>
public sealed partial class SessionGrain
{
    private long _fencedUntil; // a timestamp of `time`; 0 while not fenced

    /// <summary>Whether the session is fenced for a move: new turns are refused with <see cref="Models.AdmissionStatus.SessionMoved"/>.</summary>
    public bool Fenced => Volatile.Read(ref _fencedUntil) is var until and not 0 && time.GetTimestamp() < until;

    /// <summary>
    /// Fences the session for <paramref name="lease"/>, then exports it once a running turn has ended; null (and the
    /// fence lifted) when that turn outlasts <paramref name="turnWait"/>. The export holds every accepted turn: later
    /// ones are refused until the move ends the session or lifts the fence, or the lease runs out (a mover that died).
    /// </summary>
    public async Task<SessionExport?> FenceAndExportAsync(TimeSpan turnWait, TimeSpan lease, CancellationToken cancellationToken)
    {
        Volatile.Write(ref _fencedUntil, time.GetTimestamp() + (long)(lease.TotalSeconds * time.TimestampFrequency));
        bool entered;
        try
        {
            entered = await _turn.WaitAsync(turnWait, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Unfence();
            throw;
        }

        if (!entered)
        {
            Unfence();
            return null;
        }

        try
        {
            return await SnapshotAsync().ConfigureAwait(false);
        }
        catch
        {
            Unfence();
            throw;
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Lifts the fence after a failed move: the session keeps serving here. False when it was not fenced.</summary>
    public bool Unfence()
    {
        var was = Fenced;
        Volatile.Write(ref _fencedUntil, 0);
        return was;
    }
}
