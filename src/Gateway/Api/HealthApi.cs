using Cluster.Grains.Models;
using Cluster.Grains.Silos;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cluster.Gateway.Api;

/// <summary>The gateway's own health: live always answers; ready reports the healthy silos and the models ready somewhere, and 503 while stopping.</summary>
internal static class HealthApi
{
    /// <summary>Maps /health/live and /health/ready.</summary>
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/health/live", () => TypedResults.Ok());
        endpoints.MapGet("/health/ready", Ready);
        return endpoints;
    }

    // 503 "stopping" once SIGTERM arrived, so load balancers stop sending while the streams in flight finish.
    private static JsonHttpResult<ReadinessView> Ready(SiloCatalog catalog, IHostApplicationLifetime lifetime)
    {
        var stopping = lifetime.ApplicationStopping.IsCancellationRequested;
        var view = new ReadinessView(
            stopping ? "stopping" : "ready",
            catalog.Silos.Count(silo => silo.Healthy),
            [.. catalog.Silos.SelectMany(s => s.Models).Where(m => m.Status == ModelStatus.Ready).Select(m => m.ModelId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]);
        return TypedResults.Json(view, statusCode: stopping ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
    }
}
