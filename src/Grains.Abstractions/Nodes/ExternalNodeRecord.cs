namespace Cluster.Grains.Nodes;

/// <summary>An external OpenAI-compatible server added with POST /nodes/add, as the cluster stores it (health is each gateway's own).</summary>
/// <param name="Url">Its normalised base URL.</param>
/// <param name="Models">The models routed to it.</param>
/// <param name="Pinned">True when /nodes/add named the models: probes keep them instead of taking the node's list.</param>
/// <param name="Speed">LMDeploy's speed, or null.</param>
[GenerateSerializer, Immutable, Alias("cluster.external-node")]
public sealed record ExternalNodeRecord(
    [property: Id(0)] string Url,
    [property: Id(1)] IReadOnlyList<string> Models,
    [property: Id(2)] bool Pinned,
    [property: Id(3)] int? Speed);
