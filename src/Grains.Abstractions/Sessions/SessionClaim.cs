namespace Cluster.Grains.Sessions;

/// <summary>Who asks for a session and for which model.</summary>
/// <param name="Owner">The caller's API key id; null when the gateway runs without keys (then every caller is the same).</param>
/// <param name="Model">The model the turn is for.</param>
[GenerateSerializer, Immutable, Alias("cluster.session-claim")]
public sealed record SessionClaim([property: Id(0)] string? Owner, [property: Id(1)] string Model);
