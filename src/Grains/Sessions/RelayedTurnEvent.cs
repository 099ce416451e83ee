using Cluster.Inference.Generation;

namespace Cluster.Grains.Sessions;

/// <summary>One message of a relayed turn: its start first, then its chunks.</summary>
/// <param name="Start">Set on the first event only.</param>
/// <param name="Chunk">Set on every later event.</param>
[GenerateSerializer, Immutable, Alias("cluster.relayed-turn-event")]
public sealed record RelayedTurnEvent([property: Id(0)] RelayedTurnStart? Start, [property: Id(1)] GenerationChunk? Chunk);
