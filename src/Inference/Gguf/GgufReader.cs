using System.Collections.ObjectModel;
using System.Text;

namespace Cluster.Inference.Gguf;

/// <summary>Reads the header, metadata and tensor table of a GGUF file, leaving tensor data on disk.</summary>
public static partial class GgufReader
{
    /// <summary>The four bytes every GGUF file starts with.</summary>
    public static ReadOnlySpan<byte> Magic => "GGUF"u8;

    /// <summary>The alignment of the data section when the file has no <c>general.alignment</c> key.</summary>
    public const uint DefaultAlignment = 32;

    /// <summary>Reads and validates the GGUF file at <paramref name="path"/>.</summary>
    /// <exception cref="GgufFormatException">The file is missing, truncated, corrupt, or not GGUF.</exception>
    public static GgufFile Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("GGUF files are read on little-endian machines only.");
        }

        using var reader = new GgufBinaryReader(Open(path), path);
        var version = ReadPreamble(reader);
        var (tensorCount, keyCount) = ReadCounts(reader);
        var metadata = ReadMetadata(reader, keyCount);
        var alignment = ReadAlignment(reader, metadata);
        var tensors = ReadTensorInfos(reader, tensorCount);
        var dataOffset = AlignUp(reader.Position, alignment);
        CheckDataLayout(reader, tensors, alignment, dataOffset);
        return new GgufFile(path, version, new ReadOnlyDictionary<string, GgufValue>(metadata), tensors, alignment, dataOffset, reader.Length);
    }

    internal static long AlignUp(long offset, long alignment) => (offset + alignment - 1) / alignment * alignment;

    private static FileStream Open(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GgufFormatException(path, "file not found", ex);
        }
    }

    private static uint ReadPreamble(GgufBinaryReader reader)
    {
        Span<byte> magic = stackalloc byte[4];
        reader.ReadExactly(magic);
        if (!magic.SequenceEqual(Magic))
        {
            var text = Encoding.ASCII.GetString(magic).Replace('\0', '.');
            throw reader.Fail($"not a GGUF file (magic 0x{Convert.ToHexString(magic)} \"{text}\", expected \"GGUF\")");
        }

        reader.Reading = "the version";
        var version = reader.ReadUInt32();
        if (version is not (2 or 3))
        {
            throw reader.Fail($"unsupported version {version} (versions 2 and 3 are supported)");
        }

        return version;
    }

    private static (long Tensors, long Keys) ReadCounts(GgufBinaryReader reader)
    {
        reader.Reading = "the tensor count";
        var tensors = reader.ReadUInt64();
        reader.Reading = "the metadata key count";
        var keys = reader.ReadUInt64();
        // Every entry takes a minimum number of bytes, so counts the rest of the file cannot hold are corrupt;
        // refusing them up front keeps a damaged file from making the reader allocate for them.
        var remaining = (ulong)reader.Remaining;
        if (tensors > remaining / MinTensorInfoBytes || keys > remaining / MinKeyValueBytes
            || (tensors * MinTensorInfoBytes) + (keys * MinKeyValueBytes) > remaining)
        {
            throw reader.Fail($"truncated or corrupt: {keys} metadata keys and {tensors} tensor infos cannot fit in the remaining {remaining} bytes");
        }

        return ((long)tensors, (long)keys);
    }

    private static uint ReadAlignment(GgufBinaryReader reader, OrderedDictionary<string, GgufValue> metadata)
    {
        if (!metadata.TryGetValue(GgufMetadataKeys.Alignment, out var value))
        {
            return DefaultAlignment;
        }

        if (value.Type != GgufValueType.UInt32)
        {
            throw reader.Fail($"'{GgufMetadataKeys.Alignment}' must be {GgufValueType.UInt32} but is {value.Type}");
        }

        var alignment = value.AsUInt32();
        return alignment != 0 && (alignment & (alignment - 1)) == 0
            ? alignment
            : throw reader.Fail($"'{GgufMetadataKeys.Alignment}' is {alignment}, not a power of two");
    }

    private static void CheckDataLayout(GgufBinaryReader reader, List<GgufTensorInfo> tensors, uint alignment, long dataOffset)
    {
        long expected = 0;
        foreach (var tensor in tensors)
        {
            // Like llama.cpp: tensors are packed in table order, each padded to the alignment.
            if (tensor.Offset != expected)
            {
                throw reader.Fail($"tensor '{tensor.Name}' has data offset {tensor.Offset}, expected {expected}");
            }

            // The reader bounded every tensor's size by the file length, so these sums cannot overflow.
            var end = dataOffset + tensor.Offset + tensor.ByteSize;
            if (end > reader.Length)
            {
                throw reader.Fail($"truncated: the data of tensor '{tensor.Name}' ends at byte {end} but the file is {reader.Length} bytes");
            }

            expected = AlignUp(tensor.Offset + tensor.ByteSize, alignment);
        }
    }
}
