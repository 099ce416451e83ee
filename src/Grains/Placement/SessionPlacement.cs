namespace Cluster.Grains.Placement;

/// <summary>Places a new session on a silo serving its model with the most room (see <see cref="SessionPlacementDirector"/>).</summary>
[GenerateSerializer, Immutable, Alias("cluster.session-placement")]
public sealed class SessionPlacement : PlacementStrategy;
