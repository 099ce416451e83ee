using Cluster.Grains.Models;
using Cluster.Grains.Silos;

namespace Cluster.Gateway.Api;

/// <summary>The gateway's own health: live always answers; ready reports the healthy silos and the models ready somewhere.</summary>
internal static class HealthApi
{
    /// <summary>Maps /health/live and /health/ready.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => TypedResults.Ok());
        endpoints.MapGet("/health/ready", (SiloCatalog catalog) => new ReadinessView(
            "ready",
            catalog.Silos.Count(silo => silo.Healthy),
            [.. catalog.Silos.SelectMany(s => s.Models).Where(m => m.Status == ModelStatus.Ready).Select(m => m.ModelId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]));
        return endpoints;
    }
}
