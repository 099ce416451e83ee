using System.Text.Json.Serialization;
using Cluster.Contracts.Embeddings;
using Cluster.Contracts.Encode;

namespace Cluster.Contracts.OpenAI;

/// <summary>Source-generated JSON metadata for the OpenAI wire types (snake_case, nulls left out unless a type says otherwise).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(CompletionRequest))]
[JsonSerializable(typeof(IReadOnlyList<ChatContentPart>))]
[JsonSerializable(typeof(IReadOnlyList<ChatRequestMessage>))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(Completion))]
[JsonSerializable(typeof(ModelList))]
[JsonSerializable(typeof(ModelInfo))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(ChatFunction))]
[JsonSerializable(typeof(IReadOnlyList<ChatToolCall>))]
[JsonSerializable(typeof(EncodeRequest))]
[JsonSerializable(typeof(EncodeResponse))]
[JsonSerializable(typeof(EncodeBatchResponse))]
[JsonSerializable(typeof(EmbeddingRequest))]
[JsonSerializable(typeof(EmbeddingList))]
public sealed partial class OpenAIJsonContext : JsonSerializerContext;
