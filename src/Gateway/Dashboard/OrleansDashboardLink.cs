namespace Cluster.Gateway.Dashboard;

/// <summary>Where the Orleans dashboard is mounted on this gateway, or null when it is not.</summary>
internal sealed record OrleansDashboardLink(string? Path);
