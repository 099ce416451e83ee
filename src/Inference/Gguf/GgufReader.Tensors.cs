using System.Text;

namespace Cluster.Inference.Gguf;

/// <content>Reading the tensor table.</content>
public static partial class GgufReader
{
    // Name length (8) + at least one name byte + dimension count (4) + type (4) + offset (8).
    private const int MinTensorInfoBytes = 25;

    private static List<GgufTensorInfo> ReadTensorInfos(GgufBinaryReader reader, long tensorCount)
    {
        var tensors = new List<GgufTensorInfo>((int)tensorCount);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < tensorCount; i++)
        {
            reader.Reading = $"tensor info {i + 1} of {tensorCount}";
            var name = reader.ReadString();
            if (name.Length == 0 || Encoding.UTF8.GetByteCount(name) > GgufTensorInfo.MaxNameBytes)
            {
                throw reader.Fail($"tensor {i + 1} of {tensorCount} has a name of {Encoding.UTF8.GetByteCount(name)} bytes; 1 to {GgufTensorInfo.MaxNameBytes} are allowed");
            }

            if (!names.Add(name))
            {
                throw reader.Fail($"tensor name '{name}' appears twice");
            }

            reader.Reading = $"the info of tensor '{name}'";
            tensors.Add(ReadTensorInfo(reader, name));
        }

        return tensors;
    }

    private static GgufTensorInfo ReadTensorInfo(GgufBinaryReader reader, string name)
    {
        var dimensionCount = reader.ReadUInt32();
        if (dimensionCount > GgufTensorInfo.MaxDimensions)
        {
            throw reader.Fail($"tensor '{name}' has {dimensionCount} dimensions; at most {GgufTensorInfo.MaxDimensions} are allowed");
        }

        var shape = new long[dimensionCount];
        long elements = 1;
        for (var d = 0; d < shape.Length; d++)
        {
            var dimension = reader.ReadUInt64();
            // Every element takes at least one bit, so no dimension or product can exceed the file's bits.
            if (dimension > (ulong)long.MaxValue / 8 || (elements = SaturatingMultiply(elements, (long)dimension)) > reader.Length * 8)
            {
                throw reader.Fail($"tensor '{name}' has dimension {d} of {dimension}, more elements than the file can hold");
            }

            shape[d] = (long)dimension;
        }

        var type = (GgufTensorType)reader.ReadUInt32();
        if (!type.IsKnown)
        {
            throw reader.Fail($"tensor '{name}' has unsupported ggml type {(uint)type}");
        }

        var rowLength = shape.Length == 0 ? 1 : shape[0];
        if (rowLength % type.BlockSize != 0)
        {
            throw reader.Fail($"tensor '{name}' has rows of {rowLength} elements, not a multiple of the {type} block size {type.BlockSize}");
        }

        var offset = reader.ReadUInt64();
        if (offset > (ulong)reader.Length)
        {
            throw reader.Fail($"tensor '{name}' has data offset {offset}, beyond the end of the file ({reader.Length} bytes)");
        }

        return new GgufTensorInfo(name, shape, type, (long)offset);
    }

    private static long SaturatingMultiply(long a, long b) =>
        b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;
}
