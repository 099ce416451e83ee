using System.Runtime.InteropServices;

namespace Cluster.Inference.Gguf;

/// <content>Reading the key/value metadata section.</content>
public static partial class GgufReader
{
    // Key length (8) + at least one key byte + value type (4) + at least one value byte.
    private const int MinKeyValueBytes = 14;

    private static OrderedDictionary<string, GgufValue> ReadMetadata(GgufBinaryReader reader, long keyCount)
    {
        var metadata = new OrderedDictionary<string, GgufValue>((int)keyCount, StringComparer.Ordinal);
        for (long i = 0; i < keyCount; i++)
        {
            reader.Reading = $"metadata key {i + 1} of {keyCount}";
            var key = reader.ReadString();
            if (key.Length == 0)
            {
                throw reader.Fail($"metadata key {i + 1} of {keyCount} is empty");
            }

            if (metadata.ContainsKey(key))
            {
                throw reader.Fail($"metadata key '{key}' appears twice");
            }

            reader.Reading = $"the value of metadata key '{key}'";
            var type = (GgufValueType)reader.ReadUInt32();
            metadata.Add(key, type == GgufValueType.Array ? ReadArray(reader, key) : ReadScalar(reader, key, type));
        }

        return metadata;
    }

    private static GgufValue ReadScalar(GgufBinaryReader reader, string key, GgufValueType type) => type switch
    {
        GgufValueType.UInt8 => GgufValue.From(reader.ReadUInt8()),
        GgufValueType.Int8 => GgufValue.From((sbyte)reader.ReadUInt8()),
        GgufValueType.UInt16 => GgufValue.From(reader.ReadUInt16()),
        GgufValueType.Int16 => GgufValue.From((short)reader.ReadUInt16()),
        GgufValueType.UInt32 => GgufValue.From(reader.ReadUInt32()),
        GgufValueType.Int32 => GgufValue.From((int)reader.ReadUInt32()),
        GgufValueType.Float32 => GgufValue.From(BitConverter.UInt32BitsToSingle(reader.ReadUInt32())),
        GgufValueType.Bool => GgufValue.From(reader.ReadUInt8() != 0),
        GgufValueType.String => GgufValue.From(reader.ReadString()),
        GgufValueType.UInt64 => GgufValue.From(reader.ReadUInt64()),
        GgufValueType.Int64 => GgufValue.From((long)reader.ReadUInt64()),
        GgufValueType.Float64 => GgufValue.From(BitConverter.UInt64BitsToDouble(reader.ReadUInt64())),
        _ => throw reader.Fail($"metadata key '{key}' has unknown value type {(uint)type}"),
    };

    private static GgufValue ReadArray(GgufBinaryReader reader, string key)
    {
        var elementType = (GgufValueType)reader.ReadUInt32();
        var count = reader.ReadUInt64();
        var elementBytes = elementType switch
        {
            GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
            GgufValueType.UInt16 or GgufValueType.Int16 => 2,
            GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
            GgufValueType.UInt64 or GgufValueType.Int64 or GgufValueType.Float64 => 8,
            GgufValueType.String => 8, // the length prefix; the bytes come on top
            GgufValueType.Array => throw reader.Fail($"metadata key '{key}' is an array of arrays, which GGUF readers do not support"),
            _ => throw reader.Fail($"metadata key '{key}' is an array of unknown value type {(uint)elementType}"),
        };

        if (count > (ulong)(reader.Remaining / elementBytes) || count > (ulong)Array.MaxLength)
        {
            throw reader.Fail(
                $"truncated at byte {reader.Position} while reading {reader.Reading}: an array of {count} {elementType} values cannot fit in the remaining {reader.Remaining} bytes");
        }

        var n = (int)count;
        Array elements = elementType switch
        {
            GgufValueType.UInt8 => ReadBlittable<byte>(reader, n),
            GgufValueType.Int8 => ReadBlittable<sbyte>(reader, n),
            GgufValueType.UInt16 => ReadBlittable<ushort>(reader, n),
            GgufValueType.Int16 => ReadBlittable<short>(reader, n),
            GgufValueType.UInt32 => ReadBlittable<uint>(reader, n),
            GgufValueType.Int32 => ReadBlittable<int>(reader, n),
            GgufValueType.Float32 => ReadBlittable<float>(reader, n),
            GgufValueType.Bool => Array.ConvertAll(ReadBlittable<byte>(reader, n), b => b != 0),
            GgufValueType.UInt64 => ReadBlittable<ulong>(reader, n),
            GgufValueType.Int64 => ReadBlittable<long>(reader, n),
            GgufValueType.Float64 => ReadBlittable<double>(reader, n),
            _ => ReadStrings(reader, n),
        };

        return GgufValue.OwnedArray(elementType, elements);
    }

    // The file is little-endian and so is every machine .NET runs this on (checked in Read).
    private static T[] ReadBlittable<T>(GgufBinaryReader reader, int count)
        where T : unmanaged
    {
        var elements = new T[count];
        reader.ReadExactly(MemoryMarshal.AsBytes(elements.AsSpan()));
        return elements;
    }

    private static string[] ReadStrings(GgufBinaryReader reader, int count)
    {
        var elements = new string[count];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = reader.ReadString();
        }

        return elements;
    }
}
