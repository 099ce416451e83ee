using Cluster.Grains.Models;
using Cluster.Inference.Generation;

namespace Cluster.Grains.Sessions;

/// <summary>How a relayed turn started on the owner.</summary>
/// <param name="Location">Found, or why the owner refused the claim (another key's session, another model, no silo).</param>
/// <param name="Model">The session's model.</param>
/// <param name="Admission">The turn's admission when the claim was accepted.</param>
/// <param name="Error">What is wrong, when invalid.</param>
/// <param name="RetryAfter">How long to wait, when the queue is full or the model is not ready.</param>
/// <param name="HistoryTokens">Tokens of history the turn continues from.</param>
[GenerateSerializer, Immutable, Alias("cluster.relayed-turn-start")]
public sealed record RelayedTurnStart(
    [property: Id(0)] SessionLocationStatus Location,
    [property: Id(1)] string Model,
    [property: Id(2)] AdmissionStatus Admission,
    [property: Id(3)] GenerationRequestError? Error,
    [property: Id(4)] TimeSpan? RetryAfter,
    [property: Id(5)] int HistoryTokens);
