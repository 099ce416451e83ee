using System.Text.Json.Serialization;
using Cluster.Contracts.Interactive;
using Cluster.Contracts.OpenAI;

namespace Cluster.Silo.Sessions;

/// <summary>Source-generated JSON (snake_case) for the interactive API.</summary>
/// <remarks>An export must be complete: a missing or null member is a 400, not a session with holes.</remarks>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(InteractiveRequest))]
[JsonSerializable(typeof(InteractiveResponse))]
[JsonSerializable(typeof(IReadOnlyList<ChatRequestMessage>))]
[JsonSerializable(typeof(IReadOnlyList<ChatContentPart>))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
