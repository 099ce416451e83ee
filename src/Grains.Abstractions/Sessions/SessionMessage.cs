namespace Cluster.Grains.Sessions;

/// <summary>One message of a stored conversation.</summary>
/// <param name="Role">"system", "user", "assistant" or "tool".</param>
/// <param name="Content">Its text.</param>
[GenerateSerializer, Immutable, Alias("cluster.session-message")]
public sealed record SessionMessage([property: Id(0)] string Role, [property: Id(1)] string Content);
