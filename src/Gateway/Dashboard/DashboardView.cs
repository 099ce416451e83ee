using Cluster.Gateway.Api;

namespace Cluster.Gateway.Dashboard;

/// <summary>GET /admin/dashboard: everything the dashboard page draws but the sessions table (GET /admin/sessions).</summary>
/// <param name="Nodes">The live silos, as GET /admin/nodes.</param>
/// <param name="Departed">Silos that left the cluster in the last minutes.</param>
/// <param name="TrafficSince">When the gateway began counting the silos' tokens, null before it saw any silo.</param>
/// <param name="Traffic">The last seconds of traffic, oldest first, one point per second.</param>
/// <param name="Routing">The last routing decisions, newest first.</param>
/// <param name="OrleansDashboard">Where Orleans' own dashboard (grain-level detail) is, or null when it is off.</param>
internal sealed record DashboardView(
    IReadOnlyList<NodeView> Nodes,
    IReadOnlyList<DepartedSilo> Departed,
    DateTimeOffset? TrafficSince,
    IReadOnlyList<TrafficPoint> Traffic,
    IReadOnlyList<RoutingEntry> Routing,
    string? OrleansDashboard);
