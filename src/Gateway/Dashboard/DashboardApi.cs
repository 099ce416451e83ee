using Cluster.Gateway.Api;
using Cluster.Gateway.Cluster;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Dashboard;

/// <summary>The JSON the dashboard page polls, under /admin (so it takes the admin key).</summary>
internal static class DashboardApi
{
    /// <summary>Where Orleans' dashboard is mounted when telemetry is on.</summary>
    public const string OrleansDashboardPath = "/orleans";

    /// <summary>Maps GET /dashboard (relative to <paramref name="admin"/>).</summary>
    public static RouteGroupBuilder MapDashboardApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/dashboard", Read);
        return admin;
    }

    private static DashboardView Read(SiloCatalog catalog, SiloHealth health, TrafficSampler sampler, TrafficHistory history, RoutingLog routing, OrleansDashboardLink link) =>
        new(NodeView.ListOf(catalog, health), sampler.Departed, sampler.CountingSince, history.Read(), routing.Read(), link.Path);
}
