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
    /// Adds OpenTelemetry per the "Telemetry" settings: metrics of ASP.NET Core, Kestrel, HttpClient, Orleans and <paramref name="meters"/> with a
    /// Prometheus exporter for /metrics; when an OTLP endpoint is set, OTLP export and traces of ASP.NET Core, HttpClient and <paramref name="sources"/>
    /// (see <see cref="CollectsTraces"/>). Nothing when disabled.
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
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter([OrleansMeter, .. meters]).AddPrometheusExporter();
                foreach (var gauge in CostlyOrleansGauges)
                {
                    metrics.AddView(gauge, MetricStreamConfiguration.Drop);
                }
            });
        if (CollectsTraces(options))
        {
            telemetry.WithTracing(tracing => tracing
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(Math.Clamp(options.TraceSampleRatio, 0, 1))))
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsScrapeOrHealth(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddSource([.. sources]));
        }

        if (options.OtlpEndpoint is { } endpoint)
        {
            telemetry.UseOtlpExporter(options.OtlpProtocol == OtlpTransport.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf, endpoint);
        }
        else if (OtlpEndpointFromEnvironment())
        {
            telemetry.UseOtlpExporter();
        }

        return services;
    }

    /// <summary>
    /// Whether spans are collected: only when telemetry is on and an OTLP collector takes them (<see cref="TelemetryOptions.OtlpEndpoint"/> or the
    /// standard OTEL_EXPORTER_OTLP_ENDPOINT / OTEL_EXPORTER_OTLP_TRACES_ENDPOINT variables). Spans nobody receives would cost every request for
    /// nothing (bench/results/telemetry-bisect-h200.md), so metrics and /metrics are what telemetry means without a collector.
    /// </summary>
    public static bool CollectsTraces(TelemetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Enabled && (options.OtlpEndpoint is not null || OtlpEndpointFromEnvironment());
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

    private static bool OtlpEndpointFromEnvironment() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"));

    private static bool IsScrapeOrHealth(Microsoft.AspNetCore.Http.PathString path) =>
        path.StartsWithSegments("/metrics", StringComparison.Ordinal) || path.StartsWithSegments("/health", StringComparison.Ordinal);
}
