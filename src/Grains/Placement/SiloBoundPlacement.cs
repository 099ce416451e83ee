namespace Cluster.Grains.Placement;

/// <summary>Places a grain on the silo its key names (<see cref="Silos.SiloKeys"/>, alone or before a model id): grains that speak for one silo.</summary>
[GenerateSerializer, Immutable, Alias("cluster.silo-bound")]
public sealed class SiloBoundPlacement : PlacementStrategy;
