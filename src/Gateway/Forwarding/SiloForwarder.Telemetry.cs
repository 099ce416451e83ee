using Cluster.Gateway.Dashboard;
using Cluster.Gateway.Requests;
using Cluster.Gateway.Routing;

namespace Cluster.Gateway.Forwarding;

internal sealed partial class SiloForwarder
{
    // Routes as metrics name them: the known inference paths, everything else as one value (paths are client input).
    private static string RouteName(PathString path) =>
        path.Equals("/v1/chat/completions", StringComparison.OrdinalIgnoreCase) ? "/v1/chat/completions"
        : path.Equals("/v1/completions", StringComparison.OrdinalIgnoreCase) ? "/v1/completions"
        : path.Equals("/v1/chat/interactive", StringComparison.OrdinalIgnoreCase) ? "/v1/chat/interactive"
        : path.Equals("/v1/embeddings", StringComparison.OrdinalIgnoreCase) ? "/v1/embeddings"
        : "/v1/other";

    private void RecordDecision(InferenceRequest request, RouteDecision decision, string? failover)
    {
        metrics.RecordDecision(decision.KindName);
        routingLog.Add(new RoutingEntry(time.GetUtcNow(), request.Model, decision.Silo.Name, decision.KindName, failover, request.SessionKey));
    }

    private string RecordFailover(string reason)
    {
        metrics.RecordFailover(reason);
        return reason;
    }
}
