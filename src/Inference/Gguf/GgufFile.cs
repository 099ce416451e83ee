namespace Cluster.Inference.Gguf;

/// <summary>The header, metadata and tensor table of a GGUF file; tensor data stays on disk until asked for.</summary>
public sealed class GgufFile
{
    private readonly Dictionary<string, GgufTensorInfo> tensorsByName;

    internal GgufFile(
        string path,
        uint version,
        IReadOnlyDictionary<string, GgufValue> metadata,
        IReadOnlyList<GgufTensorInfo> tensors,
        uint alignment,
        long dataOffset,
        long fileLength)
    {
        Path = path;
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Alignment = alignment;
        DataOffset = dataOffset;
        FileLength = fileLength;
        tensorsByName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Gets the path the file was read from.</summary>
    public string Path { get; }

    /// <summary>Gets the GGUF format version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>Gets the metadata, enumerated in file order.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Gets the tensor table in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Gets the alignment of the data section and of each tensor's data.</summary>
    public uint Alignment { get; }

    /// <summary>Gets the file offset where the data section starts.</summary>
    public long DataOffset { get; }

    /// <summary>Gets the file's length in bytes when it was read.</summary>
    public long FileLength { get; }

    /// <summary>Gets the value of <c>general.architecture</c>, or null when the key is missing or not a string.</summary>
    public string? Architecture =>
        Metadata.TryGetValue(GgufMetadataKeys.Architecture, out var value) && value.Type == GgufValueType.String
            ? value.AsString()
            : null;

    /// <summary>Returns the tensor with the given name, or null if the file has none.</summary>
    public GgufTensorInfo? FindTensor(string name) => tensorsByName.GetValueOrDefault(name);

    /// <summary>Reads one tensor's raw data bytes (without padding) from disk.</summary>
    /// <exception cref="GgufFormatException">The file has been removed or truncated since it was read.</exception>
    public byte[] ReadTensorBytes(GgufTensorInfo tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.ByteSize > Array.MaxLength)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is {tensor.ByteSize} bytes, too large for one array; read it in ranges.", nameof(tensor));
        }

        var bytes = new byte[tensor.ByteSize];
        ReadTensorBytes(tensor, 0, bytes);
        return bytes;
    }

    /// <summary>Reads <paramref name="destination"/>'s length of a tensor's data, starting <paramref name="start"/> bytes into it.</summary>
    /// <exception cref="GgufFormatException">The file has been removed or truncated since it was read.</exception>
    public void ReadTensorBytes(GgufTensorInfo tensor, long start, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (FindTensor(tensor.Name) != tensor)
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is not from '{Path}'.", nameof(tensor));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + destination.Length, tensor.ByteSize, nameof(destination));
        var offset = DataOffset + tensor.Offset + start;
        try
        {
            using var handle = File.OpenHandle(Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            while (!destination.IsEmpty)
            {
                var read = RandomAccess.Read(handle, destination, offset);
                if (read == 0)
                {
                    throw new GgufFormatException(Path, $"truncated at byte {offset} while reading the data of tensor '{tensor.Name}'");
                }

                offset += read;
                destination = destination[read..];
            }
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new GgufFormatException(Path, "file not found", ex);
        }
    }
}
