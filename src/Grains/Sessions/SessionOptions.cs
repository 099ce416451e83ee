namespace Cluster.Grains.Sessions;

/// <summary>How long sessions live and how many a silo keeps.</summary>
public sealed record SessionOptions
{
    /// <summary>An idle session is ended (its KV freed) after this long.</summary>
    public TimeSpan IdleTimeToLive { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Most sessions on one silo; beyond it new sessions are refused (429).</summary>
    public int MaxSessions { get; init; } = 10_000;

    /// <summary>How long a hand-over export waits for a running turn to end before it gives up (409 session_turn_running).</summary>
    public TimeSpan HandoverTurnWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a hand-over fence lasts unless the move ends the session or lifts it: a mover that died
    /// mid-move leaves the session serving here again after this, instead of refusing its turns for good.</summary>
    public TimeSpan HandoverFenceLease { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the id of a session that moved away is refused here, so a late turn is not taken by a new empty session.</summary>
    public TimeSpan MovedAwayRefusal { get; init; } = TimeSpan.FromSeconds(30);
}
