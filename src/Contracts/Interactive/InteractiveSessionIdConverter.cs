using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Contracts.Interactive;

/// <summary>Reads a session id from a JSON integer or string and writes it back in the same form.</summary>
public sealed class InteractiveSessionIdConverter : JsonConverter<InteractiveSessionId>
{
    /// <inheritdoc/>
    public override InteractiveSessionId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Number when reader.TryGetInt64(out var number) => InteractiveSessionId.FromNumber(number),
        JsonTokenType.String => new InteractiveSessionId(reader.GetString()!, false),
        _ => throw new JsonException("session_id must be an integer or a string"),
    };

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, InteractiveSessionId value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IsNumber)
        {
            writer.WriteNumberValue(long.Parse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteStringValue(value.Value);
        }
    }
}
