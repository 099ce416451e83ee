namespace Cluster.Gateway.Nodes;

/// <summary>An OpenAI-compatible server added with POST /nodes/add, as the gateway last saw it (replaced whole on every change).</summary>
/// <param name="Url">Its base URL without a trailing slash, e.g. http://10.0.0.5:23333 (requests go to Url + /v1/…).</param>
/// <param name="Models">The models it serves: its GET /v1/models, or the part of it that POST /nodes/add named.</param>
/// <param name="Pinned">True when POST /nodes/add named the models: probes keep that list instead of taking the node's.</param>
/// <param name="Speed">The speed LMDeploy's status carries (requests per minute or any metric), kept and shown, or null.</param>
/// <param name="Healthy">False after a failed probe or a refused connection, until a probe succeeds.</param>
/// <param name="LastError">Why it is unhealthy, or null.</param>
/// <param name="CheckedAt">When it was last probed.</param>
public sealed record ExternalNode(string Url, IReadOnlyList<string> Models, bool Pinned, int? Speed, bool Healthy, string? LastError, DateTimeOffset CheckedAt)
{
    /// <summary>Its name in routing, x-cluster-silo and the routing log.</summary>
    public string Name => Url;
}
