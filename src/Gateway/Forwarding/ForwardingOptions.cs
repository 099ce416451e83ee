namespace Cluster.Gateway.Forwarding;

/// <summary>How requests are forwarded to silos (section "Gateway:Forwarding").</summary>
public sealed record ForwardingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:Forwarding";

    /// <summary>Time to open a connection to a silo before trying another.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Most time without any progress (response headers or body bytes) before the request fails.</summary>
    public TimeSpan ActivityTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Most time between two reads of a streamed response before it ends with an error event.</summary>
    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most bytes of a non-streamed response kept to read its usage and, for sessions, its answer.</summary>
    public int CaptureLimitBytes { get; init; } = 4 * 1024 * 1024;
}
