namespace Cluster.Telemetry;

/// <summary>How OTLP reaches the collector.</summary>
public enum OtlpTransport
{
    /// <summary>gRPC, the collector's port 4317.</summary>
    Grpc,

    /// <summary>Protobuf over HTTP, the collector's port 4318.</summary>
    HttpProtobuf,
}
