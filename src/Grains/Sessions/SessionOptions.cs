namespace Cluster.Grains.Sessions;

/// <summary>How long sessions stay activated and how long a move waits (section "Silo:Sessions").</summary>
public sealed record SessionOptions
{
    /// <summary>The shortest <see cref="IdleTimeToLive"/> Orleans accepts: its collection quantum.</summary>
    public static readonly TimeSpan MinimumIdleTimeToLive = TimeSpan.FromMinutes(1);

    /// <summary>An idle session's activation is collected after this long: its KV is freed, its history stays in grain state.</summary>
    public TimeSpan IdleTimeToLive { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a move (drain) waits for a running turn to end before the session stays and the drain reports it.</summary>
    public TimeSpan HandoverTurnWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The most bytes of image files a conversation keeps, in memory and with its stored history, so that it can be rebuilt
    /// with its images when its KV is gone (a restart, a move without KV, an expiry); over it none are kept and such a rebuild
    /// needs the client to send the images again. 0 keeps none.
    /// </summary>
    public long MaxStoredImageBytes { get; init; } = 32L * 1024 * 1024;
}
