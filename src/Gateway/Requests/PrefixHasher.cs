using System.Text;
using System.Text.Json;

namespace Cluster.Gateway.Requests;

/// <summary>Chained FNV-1a hashes of leading chat messages (role and content as sent), deterministic across processes.</summary>
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

            hash = Mix(hash, message.ValueKind == JsonValueKind.Object && message.TryGetProperty("role", out var role) ? role.GetRawText() : string.Empty);
            hash = Mix(hash, message.ValueKind == JsonValueKind.Object && message.TryGetProperty("content", out var content) ? content.GetRawText() : message.GetRawText());
            hashes[index++] = hash;
        }

        return hashes;
    }

    /// <summary>True when two messages have the same role and content text.</summary>
    public static bool SameMessage(JsonElement a, JsonElement b) =>
        Field(a, "role") == Field(b, "role") && Field(a, "content") == Field(b, "content");

    private static string? Field(JsonElement message, string name) =>
        message.ValueKind == JsonValueKind.Object && message.TryGetProperty(name, out var value) ? value.GetRawText() : null;

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer[..Encoding.UTF8.GetBytes(text, buffer)] : Encoding.UTF8.GetBytes(text);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        // A separator so ("ab","c") and ("a","bc") differ.
        return (hash ^ 0x1F) * Prime;
    }
}
