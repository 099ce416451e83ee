namespace Cluster.Grains.Sessions;

/// <summary>The handover fence: while a session moves to another silo, this one takes no more of its turns.</summary>
public sealed partial class SessionGrain
{
    private volatile bool _fenced;

    /// <summary>Whether the session is fenced for a move: new turns are refused with <see cref="Models.AdmissionStatus.SessionMoved"/>.</summary>
    public bool Fenced => _fenced;

    /// <summary>
    /// Fences the session, then exports it once a running turn has ended; null (and the fence lifted) when that turn
    /// outlasts <paramref name="turnWait"/>. The export holds every accepted turn: later ones are refused.
    /// </summary>
    public async Task<SessionExport?> FenceAndExportAsync(TimeSpan turnWait, CancellationToken cancellationToken)
    {
        _fenced = true;
        bool entered;
        try
        {
            entered = await _turn.WaitAsync(turnWait, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _fenced = false;
            throw;
        }

        if (!entered)
        {
            _fenced = false;
            return null;
        }

        try
        {
            return await SnapshotAsync().ConfigureAwait(false);
        }
        catch
        {
            _fenced = false;
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
        var was = _fenced;
        _fenced = false;
        return was;
    }
}
