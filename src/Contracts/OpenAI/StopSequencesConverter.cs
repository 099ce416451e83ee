using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>
/// Reads "stop": a string or an array of strings, or false for none (older LMDeploy clients send their default
/// <c>stop: false</c>; null is none as well); true and other types are refused, so the request gets a 400 naming stop.
/// </summary>
public sealed class StopSequencesConverter : JsonConverter<IReadOnlyList<string>>
{
    private static readonly StringOrListConverter Strings = new();

    /// <inheritdoc/>
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.False ? [] : Strings.Read(ref reader, typeToConvert, options);

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options) =>
        Strings.Write(writer, value, options);
}
