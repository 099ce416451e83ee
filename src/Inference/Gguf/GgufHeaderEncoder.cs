using System.Runtime.InteropServices;
using System.Text;

namespace Cluster.Inference.Gguf;

/// <summary>Encodes everything before the data section: preamble, metadata, tensor table and padding.</summary>
internal static class GgufHeaderEncoder
{
    public const uint Version = 3;

    public static byte[] Encode(IReadOnlyCollection<KeyValuePair<string, GgufValue>> metadata, IReadOnlyList<GgufTensorInfo> tensors, uint alignment)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(GgufReader.Magic);
            writer.Write(Version);
            writer.Write((ulong)tensors.Count);
            writer.Write((ulong)metadata.Count);
            foreach (var (key, value) in metadata)
            {
                WriteString(writer, key);
                WriteValue(writer, value);
            }

            foreach (var tensor in tensors)
            {
                WriteString(writer, tensor.Name);
                writer.Write((uint)tensor.Shape.Count);
                foreach (var dimension in tensor.Shape)
                {
                    writer.Write((ulong)dimension);
                }

                writer.Write((uint)tensor.Type);
                writer.Write((ulong)tensor.Offset);
            }

            var padding = GgufReader.AlignUp(buffer.Length, alignment) - buffer.Length;
            writer.Write(new byte[padding]);
        }

        return buffer.ToArray();
    }

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        writer.Write((uint)value.Type);
        switch (value.RawValue)
        {
            case byte v: writer.Write(v); break;
            case sbyte v: writer.Write(v); break;
            case ushort v: writer.Write(v); break;
            case short v: writer.Write(v); break;
            case uint v: writer.Write(v); break;
            case int v: writer.Write(v); break;
            case float v: writer.Write(v); break;
            case bool v: writer.Write(v); break;
            case string v: WriteString(writer, v); break;
            case ulong v: writer.Write(v); break;
            case long v: writer.Write(v); break;
            case double v: writer.Write(v); break;
            case Array elements: WriteArray(writer, value.ElementType!.Value, elements); break;
            default: throw new InvalidOperationException($"GGUF value of unexpected CLR type {value.RawValue.GetType()}.");
        }
    }

    private static void WriteArray(BinaryWriter writer, GgufValueType elementType, Array elements)
    {
        writer.Write((uint)elementType);
        writer.Write((ulong)elements.Length);
        switch (elements)
        {
            case string[] strings:
                foreach (var s in strings)
                {
                    WriteString(writer, s);
                }

                break;
            case bool[] flags:
                foreach (var flag in flags)
                {
                    writer.Write(flag);
                }

                break;
            case byte[] v: writer.Write(v); break;
            case sbyte[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case ushort[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case short[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case uint[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case int[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case float[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case ulong[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case long[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            case double[] v: writer.Write(MemoryMarshal.AsBytes(v.AsSpan())); break;
            default: throw new InvalidOperationException($"GGUF array of unexpected CLR type {elements.GetType()}.");
        }
    }

    private static void WriteString(BinaryWriter writer, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }
}
