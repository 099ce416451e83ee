using Cluster.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Microsoft.Extensions.Hosting;

/// <summary>The one telemetry setup of gateways and silos.</summary>
public static class ClusterTelemetryExtensions
{
    /// <summary>Orleans' own meter (messaging, grains, membership, directory).</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    // Orleans gauges whose every reading walks a whole table (the directory cache's count scans all its preallocated slots): not
    // exported, so a scrape costs what the other instruments cost. The Orleans dashboard still shows them.
    private static readonly string[] CostlyOrleansGauges = ["orleans-directory-cache-size"];

    /// <summary>
    /// Adds OpenTelemetry per the "Telemetry" settings: traces of ASP.NET Core, HttpClient and <paramref name="sources"/>; metrics of ASP.NET Core,
    /// Kestrel, HttpClient, Orleans and <paramref name="meters"/>; a Prometheus exporter for /metrics and OTLP when an endpoint is set. Nothing when disabled.
    /// </summary>
    public static IServiceCollection AddClusterTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName, IReadOnlyList<string> meters, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(sources);
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection(TelemetryOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>());

        // Read here as well: whether OpenTelemetry is registered at all is decided while the host is built.
        var options = ReadOptions(configuration);
        if (!options.Enabled)
        {
            return services;
        }

        services.Configure<PrometheusAspNetCoreOptions>(o => o.ScrapeResponseCacheDurationMilliseconds = 0);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1))))
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsScrapeOrHealth(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource([.. sources]))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter([OrleansMeter, .. meters]).AddPrometheusExporter();
                foreach (var gauge in CostlyOrleansGauges)
                {
                    metrics.AddView(gauge, MetricStreamConfiguration.Drop);
                }
            });
        if (options.OtlpEndpoint is { } endpoint)
        {
            telemetry.UseOtlpExporter(options.OtlpProtocol == OtlpTransport.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf, endpoint);
        }

        return services;
    }

    /// <summary>The "Telemetry" settings as configured (unvalidated: the validator reports bad values at start).</summary>
    public static TelemetryOptions ReadOptions(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

    /// <summary>Maps GET /metrics (Prometheus text format) when telemetry is on.</summary>
    public static WebApplication MapClusterMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Enabled)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }

        return app;
    }

    private static bool IsScrapeOrHealth(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/metrics", StringComparison.Ordinal) || path.StartsWithSegments("/health", StringComparison.Ordinal);
}
