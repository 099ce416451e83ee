namespace Cluster.Gateway.Dashboard;

/// <summary>One routing decision as the dashboard lists it.</summary>
/// <param name="At">When it was made.</param>
/// <param name="Model">The requested model, or null.</param>
/// <param name="Silo">The chosen silo.</param>
/// <param name="Reason">The rule that chose it: session, prefix or load.</param>
/// <param name="Failover">Why this was a second try (retry, session_moved, session_recovery), or null for a first try.</param>
/// <param name="Session">The session's key as the client named it, or null.</param>
internal sealed record RoutingEntry(DateTimeOffset At, string? Model, string Silo, string Reason, string? Failover, string? Session);
