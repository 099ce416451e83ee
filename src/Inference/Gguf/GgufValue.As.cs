using System.Collections.ObjectModel;

namespace Cluster.Inference.Gguf;

/// <content>Typed accessors; each throws when the value has a different GGUF type.</content>
public sealed partial class GgufValue
{
    /// <summary>Returns the value of a <see cref="GgufValueType.UInt8"/>.</summary>
    public byte AsUInt8() => Scalar<byte>(GgufValueType.UInt8);

    /// <summary>Returns the value of an <see cref="GgufValueType.Int8"/>.</summary>
    public sbyte AsInt8() => Scalar<sbyte>(GgufValueType.Int8);

    /// <summary>Returns the value of a <see cref="GgufValueType.UInt16"/>.</summary>
    public ushort AsUInt16() => Scalar<ushort>(GgufValueType.UInt16);

    /// <summary>Returns the value of an <see cref="GgufValueType.Int16"/>.</summary>
    public short AsInt16() => Scalar<short>(GgufValueType.Int16);

    /// <summary>Returns the value of a <see cref="GgufValueType.UInt32"/>.</summary>
    public uint AsUInt32() => Scalar<uint>(GgufValueType.UInt32);

    /// <summary>Returns the value of an <see cref="GgufValueType.Int32"/>.</summary>
    public int AsInt32() => Scalar<int>(GgufValueType.Int32);

    /// <summary>Returns the value of a <see cref="GgufValueType.Float32"/>.</summary>
    public float AsFloat32() => Scalar<float>(GgufValueType.Float32);

    /// <summary>Returns the value of a <see cref="GgufValueType.Bool"/>.</summary>
    public bool AsBool() => Scalar<bool>(GgufValueType.Bool);

    /// <summary>Returns the value of a <see cref="GgufValueType.String"/>.</summary>
    public string AsString() => Scalar<string>(GgufValueType.String);

    /// <summary>Returns the value of a <see cref="GgufValueType.UInt64"/>.</summary>
    public ulong AsUInt64() => Scalar<ulong>(GgufValueType.UInt64);

    /// <summary>Returns the value of an <see cref="GgufValueType.Int64"/>.</summary>
    public long AsInt64() => Scalar<long>(GgufValueType.Int64);

    /// <summary>Returns the value of a <see cref="GgufValueType.Float64"/>.</summary>
    public double AsFloat64() => Scalar<double>(GgufValueType.Float64);

    /// <summary>Returns the elements of an array whose CLR element type is <typeparamref name="T"/> (e.g. <c>string</c>, <c>int</c>).</summary>
    public IReadOnlyList<T> AsArray<T>() => value.GetType() == typeof(T[])
        ? new ReadOnlyCollection<T>((T[])value)
        : throw new InvalidOperationException($"GGUF value is {Describe()}, not an array of {typeof(T).Name}.");

    private T Scalar<T>(GgufValueType expected) => Type == expected
        ? (T)value
        : throw new InvalidOperationException($"GGUF value is {Describe()}, not {expected}.");

    private string Describe() => IsArray ? $"an array of {ElementType}" : Type.ToString();
}
