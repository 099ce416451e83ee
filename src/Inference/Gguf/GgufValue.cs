using System.Collections;
using System.Globalization;

namespace Cluster.Inference.Gguf;

/// <summary>One typed GGUF metadata value: a scalar, a string, or an array of one element type.</summary>
/// <remarks>Create values with the <c>From</c> overloads, which pick the GGUF type from the CLR type.</remarks>
public sealed partial class GgufValue : IEquatable<GgufValue>
{
    // A boxed scalar, a string, or a T[] owned by this instance (never handed out mutable).
    private readonly object value;

    private GgufValue(GgufValueType type, GgufValueType? elementType, object value)
    {
        Type = type;
        ElementType = elementType;
        this.value = value;
    }

    /// <summary>Gets the value's type; <see cref="GgufValueType.Array"/> for arrays.</summary>
    public GgufValueType Type { get; }

    /// <summary>Gets the element type of an array, or null for a scalar or string.</summary>
    public GgufValueType? ElementType { get; }

    /// <summary>Gets whether this value is an array.</summary>
    public bool IsArray => Type == GgufValueType.Array;

    /// <summary>Gets the number of elements of an array, or 1 for a scalar or string.</summary>
    public int Count => value is Array array ? array.Length : 1;

    /// <summary>Gets the boxed scalar, string or array without copying; for the writer only.</summary>
    internal object RawValue => value;

    /// <inheritdoc />
    public bool Equals(GgufValue? other)
    {
        if (other is null || other.Type != Type || other.ElementType != ElementType)
        {
            return false;
        }

        return value is IStructuralEquatable structural
            ? structural.Equals(other.value, StructuralComparisons.StructuralEqualityComparer)
            : value.Equals(other.value);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as GgufValue);

    /// <inheritdoc />
    public override int GetHashCode() =>
        HashCode.Combine(Type, ElementType, StructuralComparisons.StructuralEqualityComparer.GetHashCode(value));

    /// <inheritdoc />
    public override string ToString() => value switch
    {
        string text => $"\"{text}\"",
        Array array => $"[{ElementType} x {array.Length}]",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
