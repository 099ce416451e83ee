namespace Cluster.Grains.Sessions;

/// <summary>Where a session runtime stores its turns: the session grain's state.</summary>
/// <param name="Record">Stores a turn as it ends, before its last chunk leaves.</param>
/// <param name="Confirm">Marks that turn delivered, before the client's end of stream.</param>
public sealed record SessionPersistence(Func<SessionRecord, Task> Record, Func<Task> Confirm);
