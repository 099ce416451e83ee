using System.Text.Json;
using System.Text.Json.Serialization;
using Cluster.Contracts.OpenAI;
using Cluster.Grains.Hosting;
using Cluster.Grains.Models;
using SessionOptions = Cluster.Grains.Sessions.SessionOptions;
using Cluster.Silo.Configuration;
using Cluster.Silo.Errors;
using Cluster.Silo.Images;
using Cluster.Silo.Models;
using Cluster.Silo.OpenApi;
using Cluster.Silo.Sessions;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Registers the silo on a host.</summary>
public static class SiloServiceCollectionExtensions
{
    /// <summary>Adds the silo's web side: settings ("Silo", "Cluster"), model hosts with their loading and watchdog, session turns ("Silo:Sessions"), the SIGTERM drain ("Silo:Shutdown"), OpenAI JSON and errors, health checks and OpenAPI. Idempotent.</summary>
    public static IHostApplicationBuilder AddSilo(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (services.Any(service => service.ServiceType == typeof(HostedModels)))
        {
            return builder;
        }

        services.AddOptions<SiloOptions>().BindConfiguration(SiloOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloOptions>, SiloOptionsValidator>();

        // Read from configuration, not IOptions<SiloOptions>: Kestrel is built before ValidateOnStart runs, and reading
        // the validated options here would fail at Build instead of at start.
        var bodyLimitKey = $"{SiloOptions.SectionName}:{nameof(SiloOptions.MaxRequestBodyBytes)}";
        services.AddOptions<KestrelServerOptions>().Configure<IConfiguration>((kestrel, configuration) =>
            kestrel.Limits.MaxRequestBodySize = configuration.GetValue(bodyLimitKey, SiloOptions.DefaultMaxRequestBodyBytes));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new HostedModels(provider.GetRequiredService<IOptions<SiloOptions>>().Value.Models, provider.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService<ModelLoadingService>();
        services.AddHostedService<SchedulerWatchdog>();
        services.AddHostedService<FailedModelReload>();
        services.AddHostedService<RuntimeAdapterSync>();
        services.AddHealthChecks().AddCheck<ModelsReadyHealthCheck>("models", tags: ["ready"]);
        services.AddOptions<SessionOptions>().BindConfiguration(SessionOptionsValidator.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SessionOptions>, SessionOptionsValidator>();
        services.AddOptions<ClusterConnectionOptions>().BindConfiguration(ClusterConnectionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ClusterConnectionOptions>, ClusterConnectionOptionsValidator>();
        services.AddSingleton<SessionTurns>();
        services.AddOptions<ImageOptions>().BindConfiguration(ImageOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ImageOptions>, ImageOptionsValidator>();
        services.AddSingleton<ImageLoader>();
        services.AddHttpClient(ImageFetchHandler.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => ImageFetchHandler.Create(provider.GetRequiredService<IOptions<ImageOptions>>()));
        services.AddSiloShutdown();

        // Everything the API writes is OpenAI JSON; OpenAPI reads these options too, so its schemas match the wire.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            options.SerializerOptions.Encoder = OpenAIJson.Context.Options.Encoder;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, OpenAIJson.Context);
            options.SerializerOptions.TypeInfoResolverChain.Insert(1, SessionJson.Context);
        });
        services.AddExceptionHandler<OpenAIExceptionHandler>();
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info.Title = "Cluster silo";
                document.Info.Description = "The OpenAI API of one worker: chat and text completions over the models it hosts, LMDeploy's interactive API, and the internal endpoint that hands a migrating session's KV to its new silo. Every endpoint but health needs the cluster's X-Cluster-Secret.";
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<EventStreamOperationTransformer>();
            options.AddSchemaTransformer<ChatMessageContentSchemaTransformer>();
        });
        return builder;
    }
}
