namespace Cluster.Gateway.Nodes;

/// <summary>POST /nodes/add, as LMDeploy's proxy takes it (and as its api_server --proxy-url sends it).</summary>
/// <param name="Url">The node's base URL (required).</param>
/// <param name="Status">LMDeploy's node status; only <c>models</c> (restricts the node to those) and <c>speed</c> are used.</param>
internal sealed record NodeAddRequest(string? Url, NodeStatusInput? Status);

/// <summary>The status part of <see cref="NodeAddRequest"/>; LMDeploy's other fields (unfinished, latency) are accepted and ignored.</summary>
/// <param name="Models">The models to route to the node, each of which its /v1/models must list; empty or absent takes its whole list.</param>
/// <param name="Speed">A relative speed, kept and shown in /nodes/status.</param>
internal sealed record NodeStatusInput(IReadOnlyList<string>? Models, int? Speed);
