namespace Cluster.Grains.Sessions;

/// <summary>What a hand-over request got: the export, or why there is none.</summary>
public enum HandoverStatus
{
    /// <summary>The session is fenced for this move and exported.</summary>
    Exported,

    /// <summary>A running turn outlasted the wait; the session is not exported and this move's fence is lifted.</summary>
    TurnRunning,

    /// <summary>Another move holds the fence (until it ends the session, lifts the fence, or its lease runs out).</summary>
    AnotherMove,
}

/// <summary>The outcome of <see cref="SessionGrain.FenceAndExportAsync"/>: <see cref="Export"/> is set when <see cref="Status"/> is Exported.</summary>
public readonly record struct Handover(HandoverStatus Status, SessionExport? Export);
