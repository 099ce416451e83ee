namespace Cluster.Gateway.Draining;

/// <summary>How sessions leave a draining silo (section "Gateway:Drain").</summary>
public sealed record DrainOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Drain";

    /// <summary>How often draining silos are looked at again, to move sessions whose turn was running or whose move failed.</summary>
    public TimeSpan PassInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Most time one session's move (export, import, hand-over) may take before it is given up and tried again later.
    /// Keep it below the silos' Silo:Sessions:HandoverFenceLease (2 min): a move outliving its fence could lose a turn.
    /// </summary>
    public TimeSpan MoveTimeout { get; init; } = TimeSpan.FromSeconds(90);
}
