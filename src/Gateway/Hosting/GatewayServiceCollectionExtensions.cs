using Cluster.Gateway.Api;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Cluster;
using Cluster.Gateway.Dashboard;
using Cluster.Gateway.Forwarding;
using Cluster.Gateway.Nodes;
using Cluster.Gateway.RateLimiting;
using Cluster.Gateway.Requests;
using Cluster.Gateway.Routing;
using Cluster.Gateway.Sessions;
using Cluster.Gateway.Telemetry;
using Cluster.Gateway.Shutdown;
using Cluster.Gateway.Usage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the gateway: the Orleans client and its silo catalog, routing, forwarding, auth and limits, telemetry and the dashboard's data, the shutdown bound.</summary>
public static class GatewayServiceCollectionExtensions
{
    /// <summary>Adds every gateway service, bound to the "Cluster" and "Gateway:*" sections of <paramref name="configuration"/>.</summary>
    public static IServiceCollection AddClusterGateway(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(SiloForwarder)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddClusterClient(configuration);
        AddOptions<HealthOptions, HealthOptionsValidator>(services, configuration, HealthOptions.Section);
        AddOptions<RoutingOptions, RoutingOptionsValidator>(services, configuration, RoutingOptions.Section);
        AddOptions<ForwardingOptions, ForwardingOptionsValidator>(services, configuration, ForwardingOptions.Section);
        AddOptions<LimitsOptions, LimitsOptionsValidator>(services, configuration, LimitsOptions.Section);
        AddOptions<AuthOptions, AuthOptionsValidator>(services, configuration, AuthOptions.Section);

        // On SIGTERM Kestrel stops accepting and waits this long for the streams in flight before it cuts them.
        AddOptions<ShutdownOptions, ShutdownOptionsValidator>(services, configuration, ShutdownOptions.Section);
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) => host.ShutdownTimeout = shutdown.Value.Timeout);
        services.AddHostedService<GatewayShutdown>();

        // The catalog's silos become YARP destinations, so YARP's health checks watch their data planes.
        services.AddSingleton<SiloProxyConfigProvider>();
        services.AddSingleton<IProxyConfigProvider>(sp => sp.GetRequiredService<SiloProxyConfigProvider>());
        services.AddReverseProxy();
        services.AddSingleton<SiloHealth>();

        // Routing: policies by name, asked in the configured order; session owners come from their grains.
        services.AddSingleton<SiloLoadTracker>();
        services.AddSingleton<PrefixAffinityTable>();
        services.AddSingleton<SessionOwnerCache>();
        services.AddSingleton<SessionLocator>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingPolicy, SessionRoutingPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingPolicy, PrefixAffinityRoutingPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingPolicy, PowerOfTwoChoicesRoutingPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingPolicy, LeastLoadRoutingPolicy>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRoutingPolicy, RoundRobinRoutingPolicy>());
        services.AddSingleton<SiloRouter>();

        // External OpenAI-compatible servers (LMDeploy's /nodes API), probed in the background.
        AddOptions<ExternalNodeOptions, ExternalNodeOptionsValidator>(services, configuration, ExternalNodeOptions.Section);
        services.AddSingleton<ExternalNodeProbe>();
        services.AddSingleton<ExternalNodeDirectory>();
        services.AddHostedService<ExternalNodeHealthCheck>();

        // Telemetry and what the dashboard draws.
        services.AddClusterTelemetry(configuration, "cluster-gateway", [GatewayMetrics.MeterName], []);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<TrafficHistory>();
        services.AddSingleton<RoutingLog>();
        services.AddSingleton<TrafficSampler>();
        services.AddHostedService(sp => sp.GetRequiredService<TrafficSampler>());
        var telemetry = ClusterTelemetryExtensions.ReadOptions(configuration);
        services.AddSingleton(new OrleansDashboardLink(telemetry is { Enabled: true, OrleansDashboard: true } ? DashboardApi.OrleansDashboardPath + "/" : null));
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Cluster gateway";
            document.Info.Description = "The cluster's OpenAI-compatible API (/v1, forwarded to the silos), health, and the operator API under /admin.";
            return Task.CompletedTask;
        }));

        // Forwarding.
        services.AddSingleton<DefaultModel>();
        services.AddSingleton<InferenceRequestReader>();
        services.AddSingleton<SiloHttpClient>();
        services.AddSingleton<SiloTransformer>();
        services.AddSingleton<ExternalNodeTransformer>();
        services.AddSingleton<UsageRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<UsageRecorder>());
        services.AddSingleton<SiloForwarder>();

        // Auth and limits.
        services.AddSingleton<ApiKeyResolver>();
        services.AddSingleton<TokenRateLimiter>();
        services.AddAuthentication()
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ClusterAuthSchemes.ApiKey, _ => { })
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ClusterAuthSchemes.Admin, o => o.Admin = true);
        services.AddAuthorizationBuilder()
            .AddPolicy(ClusterAuthSchemes.ApiKey, p => p.AddAuthenticationSchemes(ClusterAuthSchemes.ApiKey).RequireAuthenticatedUser())
            .AddPolicy(ClusterAuthSchemes.Admin, p => p.AddAuthenticationSchemes(ClusterAuthSchemes.Admin).RequireAuthenticatedUser());
        services.AddRequestRateLimiting();

        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, GatewayJsonContext.Default);
        });
        return services;
    }

    private static void AddOptions<TOptions, TValidator>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
    }
}
