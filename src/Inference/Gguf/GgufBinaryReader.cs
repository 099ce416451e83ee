using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Cluster.Inference.Gguf;

/// <summary>
/// Reads little-endian GGUF primitives from a file through its own buffer, tracking the position so that
/// running off the end becomes a <see cref="GgufFormatException"/> saying where and while reading what.
/// </summary>
internal sealed class GgufBinaryReader : IDisposable
{
    private const int MaxBufferSize = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly FileStream stream;
    private readonly byte[] buffer;
    private int start;
    private int end;

    public GgufBinaryReader(FileStream stream, string path)
    {
        this.stream = stream;
        Path = path;
        Length = stream.Length;
        buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(Length, 16, MaxBufferSize));
    }

    public string Path { get; }

    public long Length { get; }

    /// <summary>Gets the file offset of the next byte to be read.</summary>
    public long Position { get; private set; }

    public long Remaining => Length - Position;

    /// <summary>Gets or sets what is being read, for error messages ("the header", "metadata key 3 of 20").</summary>
    public string Reading { get; set; } = "the header";

    public GgufFormatException Fail(string problem) => new(Path, problem);

    public GgufFormatException Truncated(long needed) =>
        Fail($"truncated at byte {Position} while reading {Reading}: {needed} bytes needed, {Math.Max(0, Remaining)} left");

    public byte ReadUInt8() => Take(1)[0];

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Take(2));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    /// <summary>Reads a length-prefixed UTF-8 string, refusing lengths beyond the end of the file and invalid UTF-8.</summary>
    public string ReadString()
    {
        var length = ReadUInt64();
        if (length > (ulong)Remaining)
        {
            throw Fail($"truncated at byte {Position} while reading {Reading}: a string of {length} bytes runs past the end of the file ({Length} bytes)");
        }

        var at = Position;
        try
        {
            if (length <= (ulong)buffer.Length)
            {
                return StrictUtf8.GetString(Take((int)length));
            }

            var rented = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                ReadExactly(rented.AsSpan(0, (int)length));
                return StrictUtf8.GetString(rented, 0, (int)length);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        catch (DecoderFallbackException ex)
        {
            throw new GgufFormatException(Path, $"invalid UTF-8 in the string at byte {at} while reading {Reading}", ex);
        }
    }

    /// <summary>Fills <paramref name="destination"/> from the file.</summary>
    public void ReadExactly(Span<byte> destination)
    {
        if (destination.Length > Remaining)
        {
            throw Truncated(destination.Length);
        }

        while (!destination.IsEmpty)
        {
            if (start == end)
            {
                Refill(1);
            }

            var count = Math.Min(destination.Length, end - start);
            buffer.AsSpan(start, count).CopyTo(destination);
            start += count;
            Position += count;
            destination = destination[count..];
        }
    }

    public void Dispose()
    {
        stream.Dispose();
        ArrayPool<byte>.Shared.Return(buffer);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (end - start < count)
        {
            if (count > Remaining)
            {
                throw Truncated(count);
            }

            Refill(count);
        }

        var span = buffer.AsSpan(start, count);
        start += count;
        Position += count;
        return span;
    }

    private void Refill(int needed)
    {
        var kept = end - start;
        buffer.AsSpan(start, kept).CopyTo(buffer);
        start = 0;
        end = kept;
        while (end < needed)
        {
            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0)
            {
                // The file shrank after it was opened.
                throw Truncated(needed - end);
            }

            end += read;
        }
    }
}
