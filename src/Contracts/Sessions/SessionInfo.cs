namespace Cluster.Contracts.Sessions;

/// <summary>One session living on a silo (GET /internal/sessions).</summary>
/// <param name="Id">The session id (X-Session-Id, or the interactive session_id as text).</param>
/// <param name="Model">The model id it runs on.</param>
/// <param name="HistoryTokens">Tokens in its history.</param>
/// <param name="IdleSeconds">Seconds since its last turn ended.</param>
public sealed record SessionInfo(string Id, string Model, int HistoryTokens, double IdleSeconds);
