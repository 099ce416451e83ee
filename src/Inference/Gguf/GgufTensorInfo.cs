using System.Text;

namespace Cluster.Inference.Gguf;

/// <summary>One tensor's entry in a GGUF file: name, shape, element type and where its data sits.</summary>
public sealed class GgufTensorInfo
{
    /// <summary>The most dimensions a ggml tensor has.</summary>
    public const int MaxDimensions = 4;

    /// <summary>The longest tensor name ggml accepts, in UTF-8 bytes (<c>GGML_MAX_NAME - 1</c>).</summary>
    public const int MaxNameBytes = 63;

    /// <summary>Creates a tensor entry, checking that the shape fits the type's block layout.</summary>
    /// <param name="name">The tensor name, e.g. <c>blk.0.attn_q.weight</c>.</param>
    /// <param name="shape">The dimensions in ggml order: <c>shape[0]</c> is the row length (innermost); empty for a scalar.</param>
    /// <param name="type">The element type.</param>
    /// <param name="offset">The data offset relative to the start of the data section.</param>
    public GgufTensorInfo(string name, IReadOnlyList<long> shape, GgufTensorType type, long offset)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (Encoding.UTF8.GetByteCount(name) > MaxNameBytes)
        {
            throw new ArgumentException($"Tensor name '{name}' is longer than {MaxNameBytes} bytes.", nameof(name));
        }

        if (shape.Count > MaxDimensions)
        {
            throw new ArgumentException($"Tensor '{name}' has {shape.Count} dimensions; at most {MaxDimensions} are allowed.", nameof(shape));
        }

        if (!type.IsKnown)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, $"Tensor '{name}' has an unknown ggml type.");
        }

        long elements = 1;
        foreach (var dimension in shape)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(dimension, nameof(shape));
            elements = checked(elements * dimension);
        }

        var rowLength = shape.Count == 0 ? 1 : shape[0];
        if (rowLength % type.BlockSize != 0)
        {
            throw new ArgumentException(
                $"Tensor '{name}' has rows of {rowLength} elements, not a multiple of the {type} block size {type.BlockSize}.", nameof(shape));
        }

        Name = name;
        Shape = [.. shape];
        Type = type;
        Offset = offset;
        ElementCount = elements;
        ByteSize = type.ByteSize(elements);
    }

    /// <summary>Gets the tensor name.</summary>
    public string Name { get; }

    /// <summary>Gets the dimensions in ggml order (<c>Shape[0]</c> is the row length).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Gets the element type.</summary>
    public GgufTensorType Type { get; }

    /// <summary>Gets the data offset relative to the start of the file's data section.</summary>
    public long Offset { get; }

    /// <summary>Gets the number of elements (the product of the dimensions).</summary>
    public long ElementCount { get; }

    /// <summary>Gets the number of data bytes, without alignment padding.</summary>
    public long ByteSize { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} {Type} [{string.Join(", ", Shape)}] @{Offset}";
}
