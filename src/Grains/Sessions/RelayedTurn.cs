using Cluster.Inference.Generation;

namespace Cluster.Grains.Sessions;

/// <summary>A turn a silo relays to the session's owner.</summary>
/// <param name="Claim">The caller and model, checked by the owner as <see cref="ISessionGrain.LocateAsync"/> does.</param>
/// <param name="Messages">The new messages or the whole conversation, as the client sent them.</param>
/// <param name="Parameters">Sampling and limits; the owner builds the prompt from the session's history.</param>
/// <param name="Images">The image files of the messages' image markers, in order (none for text).</param>
/// <param name="ToolPreamble">The tools the turn offers, as described to the model (null: none).</param>
[GenerateSerializer, Immutable, Alias("cluster.relayed-turn")]
public sealed record RelayedTurn(
    [property: Id(0)] SessionClaim Claim,
    [property: Id(1)] IReadOnlyList<SessionMessage> Messages,
    [property: Id(2)] GenerationRequest Parameters,
    [property: Id(3)] IReadOnlyList<byte[]>? Images = null,
    [property: Id(4)] string? ToolPreamble = null);
