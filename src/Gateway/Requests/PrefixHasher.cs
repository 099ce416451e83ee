using System.Runtime.InteropServices;
using System.Text.Json;

namespace Cluster.Gateway.Requests;

/// <summary>Chained FNV-1a hashes of leading chat messages (role and content as sent), deterministic across processes.</summary>
/// <remarks>Hashes the raw UTF-8 of each value as it came in the body, without decoding it to strings.</remarks>
internal static class PrefixHasher
{
    private const ulong Offset = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    /// <summary>Element i is the hash of messages 0..i; at most <paramref name="maxMessages"/> elements.</summary>
    public static ulong[] Hash(JsonElement messages, int maxMessages)
    {
        var count = Math.Min(messages.GetArrayLength(), maxMessages);
        var hashes = new ulong[count];
        var hash = Offset;
        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (index == count)
            {
                break;
            }

            var isObject = message.ValueKind == JsonValueKind.Object;
            hash = Mix(hash, isObject && message.TryGetProperty("role", out var role) ? JsonMarshal.GetRawUtf8Value(role) : default);
            hash = Mix(hash, isObject && message.TryGetProperty("content", out var content) ? JsonMarshal.GetRawUtf8Value(content) : JsonMarshal.GetRawUtf8Value(message));
            hashes[index++] = hash;
        }

        return hashes;
    }

    /// <summary>True when two messages have the same role and content text.</summary>
    public static bool SameMessage(JsonElement a, JsonElement b) =>
        SameField(a, b, "role") && SameField(a, b, "content");

    private static bool SameField(JsonElement a, JsonElement b, string name) => (Field(a, name), Field(b, name)) switch
    {
        (null, null) => true,
        ({ } x, { } y) => JsonMarshal.GetRawUtf8Value(x).SequenceEqual(JsonMarshal.GetRawUtf8Value(y)),
        _ => false,
    };

    private static JsonElement? Field(JsonElement message, string name) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty(name, out var value) ? value : null;

    private static ulong Mix(ulong hash, ReadOnlySpan<byte> utf8)
    {
        foreach (var b in utf8)
        {
            hash = (hash ^ b) * Prime;
        }

        // A separator so ("ab","c") and ("a","bc") differ.
        return (hash ^ 0x1F) * Prime;
    }
}
