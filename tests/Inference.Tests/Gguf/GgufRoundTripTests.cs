using Cluster.Inference.Gguf;

namespace Cluster.Inference.Tests.Gguf;

public sealed class GgufRoundTripTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Read_WrittenFile_ReturnsEveryMetadataValueInOrder()
    {
        var path = await SampleGguf.WriteAsync(directory);

        var file = GgufReader.Read(path);

        Assert.Equal(3u, file.Version);
        Assert.Equal(path, file.Path);
        Assert.Equal(SampleGguf.Metadata.Select(m => m.Key), file.Metadata.Keys);
        foreach (var (key, value) in SampleGguf.Metadata)
        {
            Assert.Equal(value, file.Metadata[key]);
        }
    }

    [Fact]
    public async Task Read_WrittenFile_ScalarAccessorsReturnExactValues()
    {
        var file = GgufReader.Read(await SampleGguf.WriteAsync(directory));
        var m = file.Metadata;

        Assert.Equal("llama", file.Architecture);
        Assert.Equal((byte)250, m["test.u8"].AsUInt8());
        Assert.Equal((sbyte)-120, m["test.i8"].AsInt8());
        Assert.Equal((ushort)65000, m["test.u16"].AsUInt16());
        Assert.Equal((short)-32000, m["test.i16"].AsInt16());
        Assert.Equal(4_000_000_000u, m["test.u32"].AsUInt32());
        Assert.Equal(-2_000_000_000, m["test.i32"].AsInt32());
        Assert.Equal(3.25f, m["test.f32"].AsFloat32());
        Assert.True(m["test.bool"].AsBool());
        Assert.Equal("héllo ✓", m["test.string"].AsString());
        Assert.Equal(18_000_000_000_000_000_000UL, m["test.u64"].AsUInt64());
        Assert.Equal(-9_000_000_000_000_000_000L, m["test.i64"].AsInt64());
        Assert.Equal(-1.0 / 3.0, m["test.f64"].AsFloat64());
        Assert.Equal(string.Empty, m["test.empty_string"].AsString());
    }

    [Fact]
    public async Task Read_WrittenFile_ArraysKeepElementTypeAndElements()
    {
        var m = GgufReader.Read(await SampleGguf.WriteAsync(directory)).Metadata;

        Assert.Equal(GgufValueType.Array, m["test.arr.string"].Type);
        Assert.Equal(GgufValueType.String, m["test.arr.string"].ElementType);
        Assert.Equal(["a", string.Empty, "ünïcode"], m["test.arr.string"].AsArray<string>());
        Assert.Equal([(byte)0, (byte)255], m["test.arr.u8"].AsArray<byte>());
        Assert.Equal([(sbyte)-1, (sbyte)1], m["test.arr.i8"].AsArray<sbyte>());
        Assert.Equal([(ushort)1, (ushort)65535], m["test.arr.u16"].AsArray<ushort>());
        Assert.Equal([(short)-2, (short)2], m["test.arr.i16"].AsArray<short>());
        Assert.Equal([1u, 2u, 3u], m["test.arr.u32"].AsArray<uint>());
        Assert.Equal([-1, 0, 1], m["test.arr.i32"].AsArray<int>());
        Assert.Equal([0.5f, -0.5f], m["test.arr.f32"].AsArray<float>());
        Assert.Equal([true, false, true], m["test.arr.bool"].AsArray<bool>());
        Assert.Equal([ulong.MaxValue], m["test.arr.u64"].AsArray<ulong>());
        Assert.Equal([long.MinValue, 7L], m["test.arr.i64"].AsArray<long>());
        Assert.Equal([double.Epsilon, 1e300], m["test.arr.f64"].AsArray<double>());
        Assert.Equal(0, m["test.arr.empty"].Count);
        Assert.Equal(GgufValueType.UInt32, m["test.arr.empty"].ElementType);
    }

    [Fact]
    public async Task Read_WrittenFile_TensorsHaveNamesShapesTypesAndPackedOffsets()
    {
        var file = GgufReader.Read(await SampleGguf.WriteAsync(directory));

        Assert.Equal(["t.f32", "t.f16", "t.q8_0"], file.Tensors.Select(t => t.Name));
        Assert.Equal([[3L], [4L, 2L], [32L, 2L]], file.Tensors.Select(t => t.Shape.ToArray()));
        Assert.Equal([GgufTensorType.F32, GgufTensorType.F16, GgufTensorType.Q8_0], file.Tensors.Select(t => t.Type));
        // 12 bytes padded to 32, then 16 bytes padded to 32, then 68 bytes.
        Assert.Equal([0L, 32L, 64L], file.Tensors.Select(t => t.Offset));
        Assert.Equal([12L, 16L, 68L], file.Tensors.Select(t => t.ByteSize));
        Assert.Equal(32u, file.Alignment);
        Assert.Equal(0, file.DataOffset % 32);
        Assert.Equal(file.DataOffset + 64 + 96, file.FileLength);
    }

    [Fact]
    public async Task ReadTensorBytes_WrittenFile_ReturnsExactBytes()
    {
        var file = GgufReader.Read(await SampleGguf.WriteAsync(directory));

        Assert.Equal(SampleGguf.F32Bytes, file.ReadTensorBytes(file.FindTensor("t.f32")!));
        Assert.Equal(SampleGguf.F16Bytes, file.ReadTensorBytes(file.FindTensor("t.f16")!));
        Assert.Equal(SampleGguf.Q8Bytes, file.ReadTensorBytes(file.FindTensor("t.q8_0")!));
    }

    [Fact]
    public async Task ReadTensorBytes_Range_ReturnsThatSlice()
    {
        var file = GgufReader.Read(await SampleGguf.WriteAsync(directory));
        var slice = new byte[5];

        file.ReadTensorBytes(file.FindTensor("t.q8_0")!, 60, slice);

        Assert.Equal([140, 139, 138, 137, 136], slice);
    }

    [Fact]
    public async Task WriteAsync_SampleFile_SizeMatchesComputeFileSize()
    {
        var writer = SampleGguf.CreateWriter();
        var path = directory.File("sized.gguf");

        await writer.WriteAsync(path, CancellationToken.None);

        Assert.Equal(writer.ComputeFileSize(), new FileInfo(path).Length);
        Assert.Equal(160L, writer.DataSize);
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public async Task WriteAsync_Alignment64_AddsAlignmentKeyAndAlignsTensors()
    {
        var file = GgufReader.Read(await SampleGguf.WriteAsync(directory, alignment: 64));

        Assert.Equal(64u, file.Alignment);
        Assert.Equal(64u, file.Metadata[GgufMetadataKeys.Alignment].AsUInt32());
        Assert.Equal(0, file.DataOffset % 64);
        Assert.Equal([0L, 64L, 128L], file.Tensors.Select(t => t.Offset));
        Assert.Equal(SampleGguf.Q8Bytes, file.ReadTensorBytes(file.Tensors[2]));
    }

    [Fact]
    public async Task WriteAsync_DataWriterWritesTooFewBytes_ThrowsAndLeavesNoFile()
    {
        var writer = new GgufWriter();
        writer.AddTensor("short", [8], GgufTensorType.F32, (_, stream, ct) => stream.WriteAsync(new byte[31], ct));
        var path = directory.File("short.gguf");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => writer.WriteAsync(path, CancellationToken.None));

        Assert.Equal("The data writer of tensor 'short' wrote 31 bytes, expected 32.", error.Message);
        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".partial"));
    }

    [Fact]
    public void SetMetadata_ExistingKey_ReplacesValueInPlace()
    {
        var writer = new GgufWriter();
        writer.SetMetadata("a", GgufValue.From(1u));
        writer.SetMetadata("b", GgufValue.From(2u));

        writer.SetMetadata("a", GgufValue.From("x"));

        Assert.Equal(["a", "b"], writer.Metadata.Keys);
        Assert.Equal("x", writer.Metadata["a"].AsString());
    }

    [Fact]
    public void SetMetadata_AlignmentDifferentFromWriter_Throws()
    {
        var writer = new GgufWriter(32);

        Assert.Throws<ArgumentException>(() => writer.SetMetadata(GgufMetadataKeys.Alignment, GgufValue.From(64u)));
    }

    [Fact]
    public void AddTensor_RowNotWholeQ8Blocks_Throws()
    {
        var writer = new GgufWriter();

        var error = Assert.Throws<ArgumentException>(() => writer.AddTensor("bad", [48, 2], GgufTensorType.Q8_0, new byte[102]));

        Assert.StartsWith("Tensor 'bad' has rows of 48 elements, not a multiple of the Q8_0 block size 32.", error.Message, StringComparison.Ordinal);
    }
}
