using System.Buffers.Binary;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;

namespace Cluster.Grains.Kv;

/// <summary>The body of GET /internal/kv/{handle}: token count (int32 LE), the tokens (int32 LE each), then llama.cpp's sequence state bytes.</summary>
public static class KvWireFormat
{
    /// <summary>Writes <paramref name="snapshot"/> to <paramref name="stream"/>.</summary>
    public static async Task WriteAsync(SessionSnapshot snapshot, Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[4 * (snapshot.Tokens.Count + 1)];
        BinaryPrimitives.WriteInt32LittleEndian(header, snapshot.Tokens.Count);
        for (var i = 0; i < snapshot.Tokens.Count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4 * (i + 1)), snapshot.Tokens[i].Value);
        }

        await stream.WriteAsync(header, cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(snapshot.KvState, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads a snapshot of session <paramref name="key"/> from <paramref name="body"/>; null when it is cut short.</summary>
    public static SessionSnapshot? Read(string key, ReadOnlySpan<byte> body)
    {
        if (body.Length < 4 || BinaryPrimitives.ReadInt32LittleEndian(body) is var count && (count < 0 || body.Length < 4L * (count + 1)))
        {
            return null;
        }

        var tokens = new LlamaToken[count];
        for (var i = 0; i < count; i++)
        {
            tokens[i] = new LlamaToken(BinaryPrimitives.ReadInt32LittleEndian(body[(4 * (i + 1))..]));
        }

        return new SessionSnapshot(key, tokens, body[(4 * (count + 1))..].ToArray());
    }
}
