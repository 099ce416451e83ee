using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Cluster.Contracts.OpenAI;

/// <summary>Reads chat messages as a list of messages, or as one string (LMDeploy's client allows it) that is one user message.</summary>
/// <remarks>
/// Used on chat requests' "messages" only: errors inside the list name their path under it, but their line and byte are
/// those of the list's start (System.Text.Json reads a nested value from a slice of its own).
/// </remarks>
public sealed class ChatMessagesConverter : JsonConverter<IReadOnlyList<ChatRequestMessage>>
{
    private const string Property = "$.messages";

    /// <inheritdoc/>
    public override IReadOnlyList<ChatRequestMessage>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return [new ChatRequestMessage { Role = "user", Content = ChatMessageContent.FromText(reader.GetString()!) }];
            case JsonTokenType.StartArray:
                try
                {
                    return JsonSerializer.Deserialize(ref reader, ListTypeInfo(options));
                }
                catch (JsonException error) when (error.Path is { Length: > 0 } path)
                {
                    // The inner read knows the path below the list only; errors name the whole path, as without a converter.
                    throw new JsonException(error.Message, Property + path[1..], error.LineNumber, error.BytePositionInLine, error.InnerException);
                }

            default:
                throw new JsonException("messages must be a string or an array of messages");
        }
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ChatRequestMessage> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, ListTypeInfo(options));

    private static JsonTypeInfo<IReadOnlyList<ChatRequestMessage>> ListTypeInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<IReadOnlyList<ChatRequestMessage>>)options.GetTypeInfo(typeof(IReadOnlyList<ChatRequestMessage>));
}
