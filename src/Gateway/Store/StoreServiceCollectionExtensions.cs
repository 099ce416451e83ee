using Cluster.Contracts.Store;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Cluster.Gateway.Store;

/// <summary>Registers the cluster store chosen by "Gateway:Store:Provider".</summary>
public static class StoreServiceCollectionExtensions
{
    /// <summary>Adds <see cref="IClusterStore"/> and its narrow interfaces (membership, sessions, histories, keys, usage).</summary>
    public static IServiceCollection AddClusterStore(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration(StoreOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StoreOptions>, StoreOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IClusterStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var clock = sp.GetRequiredService<TimeProvider>();
            return string.Equals(options.Provider, StoreProviders.PostgreSql, StringComparison.OrdinalIgnoreCase)
                ? new PostgreSqlClusterStore(NpgsqlDataSource.Create(options.ConnectionString!), clock)
                : new InMemoryClusterStore(clock);
        });
        services.TryAddSingleton<IMembershipStore>(sp => sp.GetRequiredService<IClusterStore>());
        services.TryAddSingleton<ISessionDirectory>(sp => sp.GetRequiredService<IClusterStore>());
        services.TryAddSingleton<ISessionHistoryStore>(sp => sp.GetRequiredService<IClusterStore>());
        services.TryAddSingleton<IApiKeyStore>(sp => sp.GetRequiredService<IClusterStore>());
        services.TryAddSingleton<IUsageStore>(sp => sp.GetRequiredService<IClusterStore>());
        services.AddHostedService<StoreInitializer>();
        return services;
    }
}
