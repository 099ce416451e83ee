using Cluster.Grains.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Silo.Models;

/// <summary>Healthy when every hosted model is Ready (the readiness probe); its data holds each model's <see cref="ModelHealth"/>.</summary>
internal sealed class ModelsReadyHealthCheck(HostedModels models) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var health = models.All.ToDictionary(model => model.Host.ModelId,
            model => (object)new ModelHealth(model.Host.Status.ToString(), model.Host.SchedulerRestarts, model.Host.FailureReason));
        var waiting = models.All
            .Where(model => model.Host.Status != ModelStatus.Ready)
            .Select(model => $"{model.Host.ModelId} is {model.Host.Status}")
            .ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"{models.All.Count} models ready", health)
            : HealthCheckResult.Unhealthy(string.Join("; ", waiting), data: health));
    }
}
