using Cluster.Silo.Membership;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the silo's cluster membership (registration and heartbeats into a gateway or the PostgreSQL store).</summary>
public static class MembershipServiceCollectionExtensions
{
    /// <summary>Adds the heartbeat service, bound to "Cluster:Membership"; it does nothing until GatewayUrl or PostgreSql is set. Idempotent.</summary>
    public static IServiceCollection AddClusterMembership(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SiloHeartbeatSource)))
        {
            return services;
        }

        services.AddOptions<ClusterMembershipOptions>().Bind(configuration.GetSection(ClusterMembershipOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterMembershipOptions>, ClusterMembershipOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SiloHeartbeatSource>();
        services.AddHostedService<SiloHeartbeatService>();
        return services;
    }
}
