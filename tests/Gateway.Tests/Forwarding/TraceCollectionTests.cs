using Cluster.Telemetry;
using Microsoft.Extensions.Hosting;

namespace Cluster.Gateway.Tests.Forwarding;

public sealed class TraceCollectionTests
{
    [Fact]
    public void CollectsTraces_NoCollectorConfigured_False()
    {
        Assert.Null(Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT"));
        Assert.False(ClusterTelemetryExtensions.CollectsTraces(new TelemetryOptions()));
    }

    [Fact]
    public void CollectsTraces_CollectorConfigured_TrueUnlessTelemetryIsOff()
    {
        var endpoint = new Uri("http://collector:4317");

        Assert.True(ClusterTelemetryExtensions.CollectsTraces(new TelemetryOptions { OtlpEndpoint = endpoint }));
        Assert.False(ClusterTelemetryExtensions.CollectsTraces(new TelemetryOptions { OtlpEndpoint = endpoint, Enabled = false }));
    }
}
