namespace Cluster.Contracts.Sessions;

/// <summary>The sessions living on a silo.</summary>
/// <param name="Data">One entry per session, in no particular order.</param>
public sealed record SessionList(IReadOnlyList<SessionInfo> Data);
