namespace Cluster.Inference.Gguf;

/// <content>Factories that pick the GGUF type from the CLR type of the argument.</content>
public sealed partial class GgufValue
{
    /// <summary>Creates a <see cref="GgufValueType.UInt8"/> value.</summary>
    public static GgufValue From(byte value) => new(GgufValueType.UInt8, null, value);

    /// <summary>Creates a <see cref="GgufValueType.Int8"/> value.</summary>
    public static GgufValue From(sbyte value) => new(GgufValueType.Int8, null, value);

    /// <summary>Creates a <see cref="GgufValueType.UInt16"/> value.</summary>
    public static GgufValue From(ushort value) => new(GgufValueType.UInt16, null, value);

    /// <summary>Creates a <see cref="GgufValueType.Int16"/> value.</summary>
    public static GgufValue From(short value) => new(GgufValueType.Int16, null, value);

    /// <summary>Creates a <see cref="GgufValueType.UInt32"/> value.</summary>
    public static GgufValue From(uint value) => new(GgufValueType.UInt32, null, value);

    /// <summary>Creates a <see cref="GgufValueType.Int32"/> value.</summary>
    public static GgufValue From(int value) => new(GgufValueType.Int32, null, value);

    /// <summary>Creates a <see cref="GgufValueType.Float32"/> value.</summary>
    public static GgufValue From(float value) => new(GgufValueType.Float32, null, value);

    /// <summary>Creates a <see cref="GgufValueType.Bool"/> value.</summary>
    public static GgufValue From(bool value) => new(GgufValueType.Bool, null, value);

    /// <summary>Creates a <see cref="GgufValueType.String"/> value.</summary>
    public static GgufValue From(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(GgufValueType.String, null, value);
    }

    /// <summary>Creates a <see cref="GgufValueType.UInt64"/> value.</summary>
    public static GgufValue From(ulong value) => new(GgufValueType.UInt64, null, value);

    /// <summary>Creates a <see cref="GgufValueType.Int64"/> value.</summary>
    public static GgufValue From(long value) => new(GgufValueType.Int64, null, value);

    /// <summary>Creates a <see cref="GgufValueType.Float64"/> value.</summary>
    public static GgufValue From(double value) => new(GgufValueType.Float64, null, value);

    /// <summary>Creates an array of <see cref="GgufValueType.UInt8"/>.</summary>
    public static GgufValue From(ReadOnlySpan<byte> values) => OwnedArray(GgufValueType.UInt8, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.Int8"/>.</summary>
    public static GgufValue From(ReadOnlySpan<sbyte> values) => OwnedArray(GgufValueType.Int8, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.UInt16"/>.</summary>
    public static GgufValue From(ReadOnlySpan<ushort> values) => OwnedArray(GgufValueType.UInt16, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.Int16"/>.</summary>
    public static GgufValue From(ReadOnlySpan<short> values) => OwnedArray(GgufValueType.Int16, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.UInt32"/>.</summary>
    public static GgufValue From(ReadOnlySpan<uint> values) => OwnedArray(GgufValueType.UInt32, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.Int32"/>.</summary>
    public static GgufValue From(ReadOnlySpan<int> values) => OwnedArray(GgufValueType.Int32, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.Float32"/>.</summary>
    public static GgufValue From(ReadOnlySpan<float> values) => OwnedArray(GgufValueType.Float32, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.Bool"/>.</summary>
    public static GgufValue From(ReadOnlySpan<bool> values) => OwnedArray(GgufValueType.Bool, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.String"/>.</summary>
    public static GgufValue From(ReadOnlySpan<string> values)
    {
        foreach (var item in values)
        {
            ArgumentNullException.ThrowIfNull(item, nameof(values));
        }

        return OwnedArray(GgufValueType.String, values.ToArray());
    }

    /// <summary>Creates an array of <see cref="GgufValueType.UInt64"/>.</summary>
    public static GgufValue From(ReadOnlySpan<ulong> values) => OwnedArray(GgufValueType.UInt64, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.Int64"/>.</summary>
    public static GgufValue From(ReadOnlySpan<long> values) => OwnedArray(GgufValueType.Int64, values.ToArray());

    /// <summary>Creates an array of <see cref="GgufValueType.Float64"/>.</summary>
    public static GgufValue From(ReadOnlySpan<double> values) => OwnedArray(GgufValueType.Float64, values.ToArray());

    /// <summary>Wraps an array the caller hands over (the reader's freshly read elements) without copying it.</summary>
    internal static GgufValue OwnedArray(GgufValueType elementType, Array elements) =>
        new(GgufValueType.Array, elementType, elements);

    /// <summary>Wraps a scalar or string the reader decoded, with its stored type.</summary>
    internal static GgufValue FromDecoded(GgufValueType type, object value) => new(type, null, value);
}
