using Microsoft.Extensions.Options;

namespace Cluster.Grains.Hosting;

/// <summary>Checks the "Cluster" settings; each message names the setting to change.</summary>
public sealed class ClusterConnectionOptionsValidator : IValidateOptions<ClusterConnectionOptions>
{
    // What Orleans' Kubernetes hosting reads from the pod (Downward API).
    private static readonly string[] PodVariables = ["POD_NAME", "POD_NAMESPACE", "POD_IP"];

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, ClusterConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Secret) || options.Secret.Length < 16)
        {
            errors.Add("Cluster:Secret must be set to the cluster's shared secret (at least 16 characters, the same on every silo and gateway); silos answer their data plane only to callers that present it.");
        }

        if (options.Membership == ClusterMembershipKind.Redis && string.IsNullOrWhiteSpace(options.Redis))
        {
            errors.Add("Cluster:Redis must name the Redis server (e.g. \"redis:6379\") when Cluster:Membership is Redis.");
        }

        if (options.Kubernetes && options.Membership != ClusterMembershipKind.Redis)
        {
            errors.Add("Cluster:Kubernetes needs Cluster:Membership=Redis: Orleans' Kubernetes hosting names and addresses the silo, membership still lives in Redis.");
        }

        if (options.Kubernetes && PodVariables.Where(variable => string.IsNullOrEmpty(Environment.GetEnvironmentVariable(variable))).ToList() is { Count: > 0 } missing)
        {
            errors.Add($"Cluster:Kubernetes is set but {string.Join(", ", missing)} are not: give the silo container these environment variables from the pod (fieldRef metadata.name, metadata.namespace, status.podIP).");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId) || string.IsNullOrWhiteSpace(options.ServiceId))
        {
            errors.Add("Cluster:ClusterId and Cluster:ServiceId must not be empty.");
        }

        if (options.Tls is { } tls)
        {
            if (ClusterCertificate.TryLoad(tls, out var certificate, out var error))
            {
                certificate.Certificate.Dispose();
            }
            else
            {
                errors.Add(error);
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
