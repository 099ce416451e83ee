using Cluster.Gateway.Dashboard;

namespace Cluster.Gateway.Auth;

/// <summary>The cookie that carries the admin key to Orleans' dashboard (and only there); set by the dashboard page.</summary>
internal static class AdminCookie
{
    /// <summary>The cookie's name.</summary>
    public const string Name = "cluster-admin-key";

    /// <summary>The only path that reads it.</summary>
    public const string Path = DashboardApi.OrleansDashboardPath;
}
