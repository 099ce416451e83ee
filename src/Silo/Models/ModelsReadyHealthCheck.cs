using Cluster.Grains.Models;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Cluster.Silo.Models;

/// <summary>
/// The readiness probe: healthy when every replica of every model is Ready, degraded (still ready) when every model
/// serves but some replica does not, unhealthy while a model has no replica that serves. Its data holds each model's
/// <see cref="ModelHealth"/>.
/// </summary>
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
        var replicasDown = models.Replicas
            .Where(replica => replica.Status != ModelStatus.Ready)
            .Select(replica => $"{replica.ModelId} replica {replica.Replica} is {replica.Status}")
            .ToList();
        var replicas = models.Replicas.Count();
        return Task.FromResult(waiting.Count > 0 ? HealthCheckResult.Unhealthy(string.Join("; ", waiting), data: health)
            : replicasDown.Count > 0 ? HealthCheckResult.Degraded($"{replicas - replicasDown.Count} of {replicas} replicas ready; {string.Join("; ", replicasDown)}", data: health)
            : HealthCheckResult.Healthy(replicas == models.All.Count ? $"{models.All.Count} models ready" : $"{models.All.Count} models ready ({replicas} replicas)", health));
    }
}
