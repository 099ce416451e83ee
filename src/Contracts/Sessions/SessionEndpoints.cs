namespace Cluster.Contracts.Sessions;

/// <summary>Names shared by the silo's /internal/sessions API and the gateway that moves sessions.</summary>
public static class SessionEndpoints
{
    /// <summary>
    /// Header naming the move a hand-over belongs to: the fence it sets refuses hand-overs of other moves, and a DELETE
    /// that names a move lifts only that move's fence.
    /// </summary>
    public const string MoveIdHeader = "X-Cluster-Move-Id";
}
