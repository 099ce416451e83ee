using Cluster.Inference.Gguf;

namespace Cluster.Inference.Tests.Gguf;

/// <summary>A small GGUF file with one metadata value of every type and three tensors of known bytes.</summary>
/// <remarks>Some scalars come last so that cuts inside them pass the reader's up-front count check.</remarks>
internal static class SampleGguf
{
    public static readonly byte[] F32Bytes = [.. BitConverter.GetBytes(1.5f), .. BitConverter.GetBytes(-2f), .. BitConverter.GetBytes(0.25f)];

    public static readonly byte[] F16Bytes = [.. Enumerable.Range(1, 16).Select(i => (byte)i)];

    public static readonly byte[] Q8Bytes = [.. Enumerable.Range(0, 68).Select(i => (byte)(200 - i))];

    public static IReadOnlyList<(string Key, GgufValue Value)> Metadata { get; } =
    [
        ("general.architecture", GgufValue.From("llama")),
        ("test.u8", GgufValue.From((byte)250)),
        ("test.i8", GgufValue.From((sbyte)-120)),
        ("test.u16", GgufValue.From((ushort)65000)),
        ("test.i16", GgufValue.From((short)-32000)),
        ("test.u32", GgufValue.From(4_000_000_000u)),
        ("test.i32", GgufValue.From(-2_000_000_000)),
        ("test.f32", GgufValue.From(3.25f)),
        ("test.bool", GgufValue.From(true)),
        ("test.arr.u8", GgufValue.From([(byte)0, (byte)255])),
        ("test.arr.i8", GgufValue.From([(sbyte)-1, (sbyte)1])),
        ("test.arr.u16", GgufValue.From([(ushort)1, (ushort)65535])),
        ("test.arr.i16", GgufValue.From([(short)-2, (short)2])),
        ("test.arr.u32", GgufValue.From([1u, 2u, 3u])),
        ("test.arr.i32", GgufValue.From([-1, 0, 1])),
        ("test.arr.f32", GgufValue.From([0.5f, -0.5f])),
        ("test.arr.bool", GgufValue.From([true, false, true])),
        ("test.arr.string", GgufValue.From(["a", string.Empty, "ünïcode"])),
        ("test.arr.u64", GgufValue.From([ulong.MaxValue])),
        ("test.arr.i64", GgufValue.From([long.MinValue, 7L])),
        ("test.arr.f64", GgufValue.From([double.Epsilon, 1e300])),
        ("test.arr.empty", GgufValue.From(ReadOnlySpan<uint>.Empty)),
        ("test.string", GgufValue.From("héllo ✓")),
        ("test.u64", GgufValue.From(18_000_000_000_000_000_000UL)),
        ("test.i64", GgufValue.From(-9_000_000_000_000_000_000L)),
        ("test.f64", GgufValue.From(-1.0 / 3.0)),
        ("test.empty_string", GgufValue.From(string.Empty)),
    ];

    /// <summary>Builds the writer: metadata above, then tensors <c>t.f32</c> [3], <c>t.f16</c> [4, 2], <c>t.q8_0</c> [32, 2].</summary>
    public static GgufWriter CreateWriter(uint alignment = 32)
    {
        var writer = new GgufWriter(alignment);
        foreach (var (key, value) in Metadata)
        {
            writer.SetMetadata(key, value);
        }

        writer.AddTensor("t.f32", [3], GgufTensorType.F32, F32Bytes);
        writer.AddTensor("t.f16", [4, 2], GgufTensorType.F16, F16Bytes);
        writer.AddTensor("t.q8_0", [32, 2], GgufTensorType.Q8_0, Q8Bytes);
        return writer;
    }

    public static async Task<string> WriteAsync(TempDirectory directory, string name = "sample.gguf", uint alignment = 32)
    {
        var path = directory.File(name);
        await CreateWriter(alignment).WriteAsync(path, CancellationToken.None);
        return path;
    }
}
