using System.Text;
using Cluster.Inference.Gguf;

namespace Cluster.Inference.Tests.Gguf;

public sealed class GgufReaderErrorTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public void Read_MissingFile_ThrowsFileNotFound()
    {
        var path = directory.File("absent.gguf");

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"GGUF file '{path}': file not found.", error.Message);
    }

    [Fact]
    public void Read_MissingDirectory_ThrowsFileNotFound()
    {
        var path = directory.File(Path.Combine("no-such-dir", "model.gguf"));

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal("file not found", error.Problem);
    }

    [Fact]
    public void Read_TextFile_ThrowsNotGguf()
    {
        var path = directory.File("readme.txt");
        File.WriteAllText(path, "hello, this is not a model");

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"GGUF file '{path}': not a GGUF file (magic 0x68656C6C \"hell\", expected \"GGUF\").", error.Message);
    }

    [Fact]
    public void Read_UnsupportedVersion_Throws()
    {
        var path = Write("v9.gguf", w => w.Header(version: 9, tensors: 0, keys: 0));

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal("unsupported version 9 (versions 2 and 3 are supported)", error.Problem);
    }

    [Theory]
    [InlineData(0, "truncated at byte 0 while reading the header: 4 bytes needed, 0 left")]
    [InlineData(2, "truncated at byte 0 while reading the header: 4 bytes needed, 2 left")]
    [InlineData(6, "truncated at byte 4 while reading the version: 4 bytes needed, 2 left")]
    [InlineData(12, "truncated at byte 8 while reading the tensor count: 8 bytes needed, 4 left")]
    [InlineData(20, "truncated at byte 16 while reading the metadata key count: 8 bytes needed, 4 left")]
    public async Task Read_CutInHeader_ThrowsTruncated(int length, string problem)
    {
        var path = await CutSampleAsync(length);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(problem, error.Problem);
    }

    [Fact]
    public async Task Read_CutBeforeAllEntriesCanFit_ThrowsTruncatedOrCorrupt()
    {
        // 24 header bytes leave 42; 27 keys and 3 tensor infos need at least 27 * 14 + 3 * 25.
        var path = await CutSampleAsync(66);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal("truncated or corrupt: 27 metadata keys and 3 tensor infos cannot fit in the remaining 42 bytes", error.Problem);
    }

    [Fact]
    public async Task Read_CutInMetadataScalar_ThrowsTruncatedNamingTheKey()
    {
        var full = await File.ReadAllBytesAsync(await SampleGguf.WriteAsync(directory));
        // After the key comes its value type (4 bytes), then the 8-byte value; keep 3 of them.
        var valueStart = IndexOf(full, "test.u64"u8) + 8 + 4;
        var path = await CutSampleAsync(valueStart + 3);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal($"truncated at byte {valueStart} while reading the value of metadata key 'test.u64': 8 bytes needed, 3 left", error.Problem);
    }

    [Fact]
    public async Task Read_CutInMetadataString_ThrowsTruncatedNamingTheKey()
    {
        var full = await File.ReadAllBytesAsync(await SampleGguf.WriteAsync(directory));
        // After the key: value type (4), string length (8), then the 10 UTF-8 bytes of "héllo ✓"; keep 3 of them.
        var textStart = IndexOf(full, "test.string"u8) + 11 + 4 + 8;
        var path = await CutSampleAsync(textStart + 3);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal(
            $"truncated at byte {textStart} while reading the value of metadata key 'test.string': a string of 10 bytes runs past the end of the file ({textStart + 3} bytes)",
            error.Problem);
    }

    [Fact]
    public async Task Read_CutInTensorInfo_ThrowsTruncatedNamingTheTensor()
    {
        var full = await File.ReadAllBytesAsync(await SampleGguf.WriteAsync(directory));
        // The second tensor's name, then 2 of the 4 bytes of its dimension count.
        var nameEnd = IndexOf(full, "t.f16"u8) + 5;
        var path = await CutSampleAsync(nameEnd + 2);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal($"truncated at byte {nameEnd} while reading the info of tensor 't.f16': 4 bytes needed, 2 left", error.Problem);
    }

    [Fact]
    public async Task Read_CutInTensorData_ThrowsTruncatedNamingTheTensor()
    {
        var full = GgufReader.Read(await SampleGguf.WriteAsync(directory));
        var length = (int)(full.DataOffset + 64 + 10);
        var path = await CutSampleAsync(length);

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal($"truncated: the data of tensor 't.q8_0' ends at byte {full.DataOffset + 64 + 68} but the file is {length} bytes", error.Problem);
    }

    [Fact]
    public async Task Read_CutAtEveryByte_AlwaysThrowsGgufFormatException()
    {
        var full = await File.ReadAllBytesAsync(await SampleGguf.WriteAsync(directory));
        var path = directory.File("cut.gguf");

        // The last tensor's 68 bytes are followed by 28 bytes of padding, which a reader does not need.
        var lastDataByte = full.Length - 28;
        for (var length = 0; length < lastDataByte; length++)
        {
            await File.WriteAllBytesAsync(path, full.AsMemory(0, length));
            var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));
            Assert.Equal(path, error.FilePath);
        }

        await File.WriteAllBytesAsync(path, full.AsMemory(0, lastDataByte));
        var withoutPadding = GgufReader.Read(path);
        Assert.Equal(SampleGguf.Q8Bytes, withoutPadding.ReadTensorBytes(withoutPadding.Tensors[2]));
    }

    [Fact]
    public void Read_StringLengthLargerThanFile_ThrowsInsteadOfAllocating()
    {
        var path = Write("huge-string.gguf", w =>
        {
            w.Header(version: 3, tensors: 0, keys: 1);
            w.Raw.Write(ulong.MaxValue);
            w.Raw.Write(new byte[16]);
        });

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal(
            "truncated at byte 32 while reading metadata key 1 of 1: a string of 18446744073709551615 bytes runs past the end of the file (48 bytes)",
            error.Problem);
    }

    [Fact]
    public void Read_ArrayCountLargerThanFile_ThrowsInsteadOfAllocating()
    {
        var path = Write("huge-array.gguf", w =>
        {
            w.Header(version: 3, tensors: 0, keys: 1);
            w.String("a");
            w.Raw.Write((uint)GgufValueType.Array);
            w.Raw.Write((uint)GgufValueType.UInt32);
            w.Raw.Write(1UL << 61);
        });

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal(
            "truncated at byte 49 while reading the value of metadata key 'a': an array of 2305843009213693952 UInt32 values cannot fit in the remaining 0 bytes",
            error.Problem);
    }

    [Fact]
    public void Read_KeyCountLargerThanFile_Throws()
    {
        var path = Write("many-keys.gguf", w => w.Header(version: 3, tensors: 0, keys: 1UL << 60));

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal("truncated or corrupt: 1152921504606846976 metadata keys and 0 tensor infos cannot fit in the remaining 0 bytes", error.Problem);
    }

    [Fact]
    public void Read_DuplicateKey_Throws()
    {
        var path = Write("dup.gguf", w =>
        {
            w.Header(version: 3, tensors: 0, keys: 2);
            for (var i = 0; i < 2; i++)
            {
                w.String("k");
                w.Raw.Write((uint)GgufValueType.UInt8);
                w.Raw.Write((byte)i);
            }
        });

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal("metadata key 'k' appears twice", error.Problem);
    }

    [Fact]
    public void Read_UnknownTensorType_Throws()
    {
        var path = Write("bad-type.gguf", w =>
        {
            w.Header(version: 3, tensors: 1, keys: 0);
            w.String("t");
            w.Raw.Write(1u);
            w.Raw.Write(32UL);
            w.Raw.Write(4u); // ggml removed Q4_2
            w.Raw.Write(0UL);
        });

        var error = Assert.Throws<GgufFormatException>(() => GgufReader.Read(path));

        Assert.Equal("tensor 't' has unsupported ggml type 4", error.Problem);
    }

    [Fact]
    public async Task ReadTensorBytes_FileTruncatedAfterRead_ThrowsTruncated()
    {
        var path = await SampleGguf.WriteAsync(directory);
        var file = GgufReader.Read(path);
        await using (var stream = new FileStream(path, FileMode.Open))
        {
            stream.SetLength(file.DataOffset + 70);
        }

        var error = Assert.Throws<GgufFormatException>(() => file.ReadTensorBytes(file.Tensors[2]));

        Assert.Equal($"truncated at byte {file.DataOffset + 70} while reading the data of tensor 't.q8_0'", error.Problem);
    }

    private static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle);

    private async Task<string> CutSampleAsync(int length)
    {
        var full = await File.ReadAllBytesAsync(await SampleGguf.WriteAsync(directory, "full.gguf"));
        var path = directory.File($"cut-{length}.gguf");
        await File.WriteAllBytesAsync(path, full.AsMemory(0, length));
        return path;
    }

    private string Write(string name, Action<RawGguf> build)
    {
        var path = directory.File(name);
        using var raw = new RawGguf(path);
        build(raw);
        return path;
    }

    /// <summary>Writes hand-made, possibly corrupt, GGUF bytes.</summary>
    private sealed class RawGguf(string path) : IDisposable
    {
        public BinaryWriter Raw { get; } = new(File.Create(path), Encoding.UTF8);

        public void Header(uint version, ulong tensors, ulong keys)
        {
            Raw.Write("GGUF"u8);
            Raw.Write(version);
            Raw.Write(tensors);
            Raw.Write(keys);
        }

        public void String(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Raw.Write((ulong)bytes.Length);
            Raw.Write(bytes);
        }

        public void Dispose() => Raw.Dispose();
    }
}
