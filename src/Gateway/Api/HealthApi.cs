using Cluster.Gateway.Membership;

namespace Cluster.Gateway.Api;

/// <summary>The gateway's own health: live always answers; ready reports the live silos and models.</summary>
internal static class HealthApi
{
    /// <summary>Maps /health/live and /health/ready.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => TypedResults.Ok());
        endpoints.MapGet("/health/ready", (ClusterView view) => new ReadinessView(
            "ready",
            view.Live.Length,
            [.. view.Live.SelectMany(s => s.Models).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]));
        return endpoints;
    }
}
