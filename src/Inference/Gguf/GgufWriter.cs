namespace Cluster.Inference.Gguf;

/// <summary>
/// Builds a GGUF v3 file: metadata and tensor table are collected in memory, then
/// <see cref="WriteAsync"/> streams each tensor's data from its callback, so large models never sit in memory.
/// </summary>
public sealed partial class GgufWriter
{
    private readonly OrderedDictionary<string, GgufValue> metadata = new(StringComparer.Ordinal);
    private readonly List<GgufTensorInfo> tensors = [];
    private readonly List<Func<GgufTensorInfo, Stream, CancellationToken, ValueTask>> dataWriters = [];
    private byte[]? header;

    /// <summary>Creates a writer whose data section and tensors are aligned to <paramref name="alignment"/> bytes.</summary>
    public GgufWriter(uint alignment = GgufReader.DefaultAlignment)
    {
        if (alignment == 0 || (alignment & (alignment - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(alignment), alignment, "The alignment must be a power of two.");
        }

        Alignment = alignment;
    }

    /// <summary>Gets the alignment of the data section and of each tensor's data.</summary>
    public uint Alignment { get; }

    /// <summary>Gets the metadata added so far, in the order it will be written.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata => metadata;

    /// <summary>Gets the tensor table so far, with the data offsets each tensor will be written at.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors => tensors;

    /// <summary>Gets the size of the data section so far, every tensor padded to the alignment.</summary>
    public long DataSize { get; private set; }

    /// <summary>Adds a metadata entry, or replaces the value of an existing key in place.</summary>
    /// <remarks><c>general.alignment</c> may only be set to this writer's <see cref="Alignment"/> as a uint32.</remarks>
    public void SetMetadata(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentNullException.ThrowIfNull(value);
        if (key == GgufMetadataKeys.Alignment && !value.Equals(GgufValue.From(Alignment)))
        {
            throw new ArgumentException($"'{key}' must be the uint32 {Alignment} given to this writer, not {value}.", nameof(value));
        }

        metadata[key] = value;
        header = null;
    }

    /// <summary>Adds a tensor whose data <paramref name="writeData"/> writes, exactly <see cref="GgufTensorInfo.ByteSize"/> bytes, when the file is written.</summary>
    /// <param name="name">The tensor name.</param>
    /// <param name="shape">The dimensions in ggml order (<c>shape[0]</c> is the row length).</param>
    /// <param name="type">The element type.</param>
    /// <param name="writeData">Writes the tensor's bytes to the stream it is given, without seeking or closing it.</param>
    /// <returns>The tensor's entry, with the offset its data will have.</returns>
    public GgufTensorInfo AddTensor(
        string name, IReadOnlyList<long> shape, GgufTensorType type, Func<GgufTensorInfo, Stream, CancellationToken, ValueTask> writeData)
    {
        ArgumentNullException.ThrowIfNull(writeData);
        if (tensors.Exists(t => t.Name == name))
        {
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        }

        var tensor = new GgufTensorInfo(name, shape, type, DataSize);
        tensors.Add(tensor);
        dataWriters.Add(writeData);
        DataSize = GgufReader.AlignUp(tensor.Offset + tensor.ByteSize, Alignment);
        header = null;
        return tensor;
    }

    /// <summary>Adds a tensor whose data is already in memory.</summary>
    public GgufTensorInfo AddTensor(string name, IReadOnlyList<long> shape, GgufTensorType type, ReadOnlyMemory<byte> data) =>
        AddTensor(name, shape, type, (_, stream, ct) => stream.WriteAsync(data, ct));

    /// <summary>Returns the size of the file <see cref="WriteAsync"/> would write now.</summary>
    public long ComputeFileSize() => EncodeHeader().Length + DataSize;
}
