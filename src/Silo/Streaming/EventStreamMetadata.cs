namespace Cluster.Silo.Streaming;

/// <summary>Endpoint metadata: with stream set, the endpoint answers 200 as text/event-stream events of this type.</summary>
/// <param name="EventType">The JSON type of one event.</param>
internal sealed record EventStreamMetadata(Type EventType);
