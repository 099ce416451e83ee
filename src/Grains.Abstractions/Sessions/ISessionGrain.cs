namespace Cluster.Grains.Sessions;

/// <summary>
/// One interactive session, keyed by <see cref="SessionKeys"/>: its conversation (grain state, written at the end of every
/// turn) and, through its activation, the KV its silo keeps. Placement puts a new session on a silo serving its model with
/// the most room; Orleans' directory then makes every gateway and silo agree where it lives. Its turns' tokens travel over
/// HTTP from that silo, not through grain messages.
/// </summary>
[Alias("cluster.session")]
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Where the session lives, activating it when needed (a new or migrated session is placed by its model and load, see
    /// <see cref="SessionPlacementContext"/>). Another API key's session answers <see cref="SessionLocationStatus.NotFound"/>.
    /// </summary>
    [Alias("locate")]
    Task<SessionLocation> LocateAsync(SessionClaim claim, CancellationToken cancellationToken = default);

    /// <summary>Saves the conversation after a turn ended (called by the silo that ran it, before the client sees the end).</summary>
    [Alias("record")]
    Task RecordTurnAsync(SessionRecord record);

    /// <summary>
    /// Marks the last recorded turn delivered: its stream ended on a live silo, before the client's end of stream. A turn
    /// left undelivered (the silo died while sending it) is replaced, not repeated, when the client sends the same message again.
    /// </summary>
    [Alias("confirm")]
    Task ConfirmTurnAsync();

    /// <summary>Cancels the running turn, if any; false when the session does not exist or is another key's.</summary>
    [Alias("cancel")]
    Task<bool> CancelTurnAsync(SessionClaim claim);

    /// <summary>Ends the session: frees its KV and clears its state; false when it did not exist or is another key's. A null claim is an operator's: any session.</summary>
    [Alias("end")]
    Task<bool> EndAsync(SessionClaim? claim);

    /// <summary>The session as operators see it.</summary>
    [Alias("describe")]
    Task<SessionSummary> DescribeAsync();

    /// <summary>Migrates the session to another silo serving its model once its running turn ended (drain); KV moves with it.</summary>
    [Alias("move")]
    Task<bool> MoveAsync(CancellationToken cancellationToken = default);
}
