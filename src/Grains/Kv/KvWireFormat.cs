using System.Buffers.Binary;
using Cluster.Inference.Native;
using Cluster.Inference.Scheduling;

namespace Cluster.Grains.Kv;

/// <summary>The body of GET /internal/kv/{handle}: token count (int32 LE), the tokens (int32 LE each), then llama.cpp's sequence state bytes.</summary>
public static class KvWireFormat
{
    // Hundreds of MB written at once make Kestrel copy the whole snapshot into its output pipe before sending a byte
    // (measured: 223 MB took 3.1 s whole, 0.34 s in 1 MiB slices on the same host); slices keep the pipe's backpressure.
    private const int SliceBytes = 1 << 20;

    /// <summary>The body's length in bytes.</summary>
    public static long LengthOf(SessionSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        return (4L * (snapshot.Tokens.Count + 1)) + snapshot.KvState.Length;
    }

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
        for (var offset = 0; offset < snapshot.KvState.Length; offset += SliceBytes)
        {
            await stream.WriteAsync(snapshot.KvState.AsMemory(offset, Math.Min(SliceBytes, snapshot.KvState.Length - offset)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads a snapshot of session <paramref name="key"/> from a body of <paramref name="length"/> bytes straight into its
    /// final arrays; null when the body is malformed or cut short.
    /// </summary>
    public static async Task<SessionSnapshot?> ReadAsync(string key, Stream stream, long length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        try
        {
            var countBytes = new byte[4];
            await stream.ReadExactlyAsync(countBytes, cancellationToken).ConfigureAwait(false);
            var count = BinaryPrimitives.ReadInt32LittleEndian(countBytes);
            var kvLength = length - (4L * (count + 1));
            if (count < 0 || kvLength < 0 || kvLength > Array.MaxLength)
            {
                return null;
            }

            var tokenBytes = new byte[4 * count];
            await stream.ReadExactlyAsync(tokenBytes, cancellationToken).ConfigureAwait(false);
            var tokens = new LlamaToken[count];
            for (var i = 0; i < count; i++)
            {
                tokens[i] = new LlamaToken(BinaryPrimitives.ReadInt32LittleEndian(tokenBytes.AsSpan(4 * i)));
            }

            var kv = GC.AllocateUninitializedArray<byte>((int)kvLength);
            await stream.ReadExactlyAsync(kv, cancellationToken).ConfigureAwait(false);
            return new SessionSnapshot(key, tokens, kv);
        }
        catch (EndOfStreamException)
        {
            return null;
        }
    }
}
