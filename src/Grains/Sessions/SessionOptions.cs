namespace Cluster.Grains.Sessions;

/// <summary>How long sessions live and how many a silo keeps.</summary>
public sealed record SessionOptions
{
    /// <summary>An idle session is ended (its KV freed) after this long.</summary>
    public TimeSpan IdleTimeToLive { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Most sessions on one silo; beyond it new sessions are refused (429).</summary>
    public int MaxSessions { get; init; } = 10_000;
}
