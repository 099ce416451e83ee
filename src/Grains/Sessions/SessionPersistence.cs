namespace Cluster.Grains.Sessions;

/// <summary>Where a session runtime stores its turns: the session grain's state.</summary>
/// <param name="Record">Stores a turn as it ends, before its last chunk leaves.</param>
/// <param name="Confirm">Marks that turn delivered, before the client's end of stream.</param>
/// <param name="MaxImageBytes">
/// The most bytes of image files a conversation keeps (in memory and in the stored record) to encode its images again
/// when it is rebuilt from its history; a conversation over it keeps none (<see cref="SessionOptions.MaxStoredImageBytes"/>).
/// </param>
public sealed record SessionPersistence(Func<SessionRecord, Task> Record, Func<Task> Confirm, long MaxImageBytes = 0);
