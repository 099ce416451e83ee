namespace Cluster.Gateway.Draining;

/// <summary>What became of one attempt to move a session off a draining silo.</summary>
internal enum SessionMoveOutcome
{
    /// <summary>The session lives on the target now and the directory says so; the source copy is ended.</summary>
    Moved,

    /// <summary>A turn of the session is running through this gateway: it moves on a later pass, after the turn.</summary>
    TurnRunning,

    /// <summary>Export or import failed; nothing changed and the move is tried again on a later pass.</summary>
    Failed,

    /// <summary>Every other silo serving the model refused the export as built on other weights (model_mismatch): the session stays.</summary>
    NoSiloWithItsWeights,

    /// <summary>Another gateway moved (or ended) the session first; the copy made here was ended.</summary>
    MovedElsewhere,
}
