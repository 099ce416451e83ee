namespace Cluster.Gateway.Nodes;

/// <summary>How the gateway watches the OpenAI-compatible servers added with POST /nodes/add (section "Gateway:ExternalNodes").</summary>
public sealed record ExternalNodeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Gateway:ExternalNodes";

    /// <summary>How often each node's GET /v1/models is read: it answers → healthy (and its model list is refreshed); it fails → unhealthy.</summary>
    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one probe (and the probe of POST /nodes/add) may take.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(3);
}
