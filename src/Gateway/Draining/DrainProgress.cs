using System.Text.Json.Serialization;

namespace Cluster.Gateway.Draining;

/// <summary>How far moving a draining silo's sessions got, as of the last pass.</summary>
/// <param name="State">Where it stands.</param>
/// <param name="Moved">Sessions moved to other silos since the drain began.</param>
/// <param name="Remaining">Sessions (routed through the gateway) still on the silo.</param>
/// <param name="Staying">Of those, how many stay because no other live silo serves their model.</param>
/// <param name="Message">What happened, for an operator.</param>
/// <param name="UpdatedAt">When the last pass ended.</param>
public sealed record DrainProgress(
    [property: JsonConverter(typeof(JsonStringEnumConverter<DrainState>))] DrainState State,
    int Moved,
    int Remaining,
    int Staying,
    string Message,
    DateTimeOffset UpdatedAt);
