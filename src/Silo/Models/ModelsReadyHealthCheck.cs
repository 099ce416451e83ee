using Cluster.Grains.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Silo.Models;

/// <summary>Healthy when every hosted model is Ready (the readiness probe).</summary>
internal sealed class ModelsReadyHealthCheck(HostedModels models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = models.All
            .Where(model => model.Host.Status != ModelStatus.Ready)
            .Select(model => $"{model.Host.ModelId} is {model.Host.Status}")
            .ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"{models.All.Count} models ready")
            : HealthCheckResult.Unhealthy(string.Join("; ", waiting)));
    }
}
