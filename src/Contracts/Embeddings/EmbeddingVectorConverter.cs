using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cluster.Contracts.Embeddings;

/// <summary>Reads and writes an <see cref="EmbeddingVector"/> as OpenAI does: a number array (encoding_format float) or a base64 string of float32 little-endian bytes.</summary>
public sealed class EmbeddingVectorConverter : JsonConverter<EmbeddingVector>
{
    /// <inheritdoc/>
    public override EmbeddingVector Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var bytes = reader.GetBytesFromBase64();
            if (bytes.Length % sizeof(float) != 0)
            {
                throw new JsonException($"a base64 embedding of {bytes.Length} bytes is not a whole number of float32 values");
            }

            var values = new float[bytes.Length / sizeof(float)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }

            return new EmbeddingVector(values, Base64: true);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("an embedding is a number array or a base64 string");
        }

        var list = new List<float>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            list.Add(reader.GetSingle());
        }

        return new EmbeddingVector([.. list], Base64: false);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, EmbeddingVector value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.Base64)
        {
            var bytes = new byte[value.Values.Length * sizeof(float)];
            for (var i = 0; i < value.Values.Length; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value.Values[i]);
            }

            writer.WriteBase64StringValue(bytes);
            return;
        }

        writer.WriteStartArray();
        foreach (var number in value.Values)
        {
            writer.WriteNumberValue(number);
        }

        writer.WriteEndArray();
    }
}
