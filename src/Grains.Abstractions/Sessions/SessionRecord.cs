namespace Cluster.Grains.Sessions;

/// <summary>The conversation after a turn, as the silo that ran it recorded it.</summary>
/// <param name="Messages">Every message so far, the turn's answer last.</param>
/// <param name="HistoryTokens">Tokens of history the silo's KV holds for it.</param>
/// <param name="UndeliveredMessages">
/// How many trailing messages (the turn's new messages and its answer) the client has not been seen to receive yet; 0 once
/// <see cref="ISessionGrain.ConfirmTurnAsync"/> confirmed the turn.
/// </param>
/// <param name="Images">The image files of the messages' image markers, in order; empty when the conversation has none or keeps none.</param>
[GenerateSerializer, Immutable, Alias("cluster.session-record")]
public sealed record SessionRecord([property: Id(0)] IReadOnlyList<SessionMessage> Messages, [property: Id(1)] int HistoryTokens, [property: Id(2)] int UndeliveredMessages,
    [property: Id(3)] IReadOnlyList<byte[]>? Images = null);
