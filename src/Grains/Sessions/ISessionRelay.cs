namespace Cluster.Grains.Sessions;

/// <summary>
/// The session grain's door for silos that do not hold the session: a turn that reached another silo (a direct caller, a
/// gateway whose owner cache is stale) runs on the owner through Orleans, and its chunks stream back as grain messages.
/// Gateways route turns to the owner, so this is the exception; it makes any silo answer any session correctly.
/// </summary>
[Alias("cluster.session-relay")]
public interface ISessionRelay : IGrainWithStringKey
{
    /// <summary>
    /// Runs a turn on the session's activation: first a <see cref="RelayedTurnEvent"/> with its start (accepted, or why
    /// not), then, when accepted, one per chunk. Disposing the enumeration or cancelling stops the turn.
    /// </summary>
    [Alias("relay-turn")]
    IAsyncEnumerable<RelayedTurnEvent> RunTurnAsync(RelayedTurn turn, CancellationToken cancellationToken = default);
}
