using System.Text.Json.Serialization;

namespace Cluster.Contracts.Embeddings;

/// <summary>One embedding's values and how they go on the wire: a JSON array of numbers, or base64 of the little-endian float32 bytes.</summary>
/// <param name="Values">The vector.</param>
/// <param name="Base64">True to write it as a base64 string.</param>
[JsonConverter(typeof(EmbeddingVectorConverter))]
public sealed record EmbeddingVector(float[] Values, bool Base64);
