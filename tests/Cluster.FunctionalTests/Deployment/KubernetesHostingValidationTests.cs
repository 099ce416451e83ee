using Cluster.FunctionalTests.Fixtures;
using Cluster.Grains.Hosting;

namespace Cluster.FunctionalTests.Deployment;

/// <summary>Cluster:Kubernetes is refused at start where Orleans' Kubernetes hosting could not work (outside a pod, as here).</summary>
public sealed class KubernetesHostingValidationTests
{
    private const string PodVariablesMissing = "Cluster:Kubernetes is set but POD_NAME, POD_NAMESPACE, POD_IP are not: give the silo container these environment variables from the pod (fieldRef metadata.name, metadata.namespace, status.podIP).";

    private readonly ClusterConnectionOptionsValidator _validator = new();

    [Fact]
    public void Validate_KubernetesOnLocalhostMembership_NamesMembershipAndPodVariables()
    {
        var result = _validator.Validate(null, new ClusterConnectionOptions { Secret = ClusterSettings.TestSecret, Kubernetes = true });

        Assert.Equal(["Cluster:Kubernetes needs Cluster:Membership=Redis: Orleans' Kubernetes hosting names and addresses the silo, membership still lives in Redis.", PodVariablesMissing], result.Failures);
    }

    [Fact]
    public void Validate_KubernetesOutsideAPod_NamesPodVariables()
    {
        var result = _validator.Validate(null, new ClusterConnectionOptions { Secret = ClusterSettings.TestSecret, Kubernetes = true, Membership = ClusterMembershipKind.Redis, Redis = "redis:6379" });

        Assert.Equal([PodVariablesMissing], result.Failures);
    }

    [Fact]
    public void Validate_RedisWithoutKubernetes_Succeeds()
    {
        var result = _validator.Validate(null, new ClusterConnectionOptions { Secret = ClusterSettings.TestSecret, Membership = ClusterMembershipKind.Redis, Redis = "redis:6379" });

        Assert.True(result.Succeeded);
    }
}
