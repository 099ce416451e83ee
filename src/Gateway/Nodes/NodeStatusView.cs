namespace Cluster.Gateway.Nodes;

/// <summary>One node in GET /nodes/status (keyed by URL): LMDeploy's fields first, then what the cluster adds.</summary>
/// <param name="Models">The models routed to it (ready ones, for a silo).</param>
/// <param name="Unfinished">Requests this gateway has in flight to it.</param>
/// <param name="Latency">LMDeploy's recent latencies; the cluster keeps none (its dashboard has TTFT), so always empty.</param>
/// <param name="Speed">The speed given when it was added (external nodes), or null.</param>
/// <param name="Kind">"silo" (a member of the Orleans cluster) or "external" (added with /nodes/add).</param>
/// <param name="Name">The silo's name, or the external node's URL.</param>
/// <param name="Healthy">Whether it takes requests now.</param>
/// <param name="LastError">Why it is unhealthy (external nodes), or null.</param>
internal sealed record NodeStatusView(IReadOnlyList<string> Models, int Unfinished, IReadOnlyList<double> Latency, int? Speed, string Kind, string Name, bool Healthy, string? LastError);
