namespace Cluster.Telemetry;

/// <summary>Settings under "Telemetry": whether traces and metrics are collected, and where OTLP sends them.</summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>Collect traces and metrics and answer /metrics; false removes OpenTelemetry from the process.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The OTLP collector, e.g. http://collector:4317; null exports nothing over OTLP (OTEL_EXPORTER_OTLP_ENDPOINT works too). Spans are collected only
    /// when a collector is set: metrics and /metrics are all telemetry does without one.
    /// </summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>"Grpc" (port 4317) or "HttpProtobuf" (port 4318).</summary>
    public OtlpTransport OtlpProtocol { get; set; } = OtlpTransport.Grpc;

    /// <summary>Mount Orleans' dashboard (grain-level detail) at /orleans on gateways; silos then collect its grain statistics. Needs <see cref="Enabled"/>.</summary>
    public bool OrleansDashboard { get; set; } = true;

    /// <summary>
    /// The fraction of new traces recorded when spans are collected, 0 to 1 (a request whose caller's trace is sampled is always recorded): one in ten by default, so
    /// tracing costs a tenth of what it costs at 1 (every request).
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.1;
}
