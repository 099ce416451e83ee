using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Cluster.Contracts.OpenAI;

/// <summary>Reads and writes message content as a JSON string or an array of parts.</summary>
public sealed class ChatMessageContentConverter : JsonConverter<ChatMessageContent>
{
    /// <inheritdoc/>
    public override ChatMessageContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return reader.TokenType switch
        {
            JsonTokenType.String => ChatMessageContent.FromText(reader.GetString()!),
            JsonTokenType.StartArray => ChatMessageContent.FromParts(
                JsonSerializer.Deserialize(ref reader, PartsTypeInfo(options)) ?? []),
            _ => throw new JsonException("content must be a string or an array of content parts"),
        };
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, ChatMessageContent value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Parts is null)
        {
            writer.WriteStringValue(value.Text);
            return;
        }

        JsonSerializer.Serialize(writer, value.Parts, PartsTypeInfo(options));
    }

    private static JsonTypeInfo<IReadOnlyList<ChatContentPart>> PartsTypeInfo(JsonSerializerOptions options) =>
        (JsonTypeInfo<IReadOnlyList<ChatContentPart>>)options.GetTypeInfo(typeof(IReadOnlyList<ChatContentPart>));
}
