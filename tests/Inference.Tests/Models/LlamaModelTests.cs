using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Tests.Fixtures;

namespace Cluster.Inference.Tests.Models;

[Collection(TinyModelCollection.Name)]
public sealed class LlamaModelTests(TinyModelFixture fixture)
{
    [Fact]
    public void Load_TinyPreset_ReportsItsShape()
    {
        var model = fixture.Model;
        var preset = ModelPreset.Tiny;
        long perLayer = 2L * preset.EmbeddingLength                         // attention and ffn norms
            + 2L * preset.EmbeddingLength * preset.EmbeddingLength          // q, output
            + 2L * preset.EmbeddingLength * preset.KvEmbeddingLength        // k, v
            + 3L * preset.EmbeddingLength * preset.FeedForwardLength;       // gate, up, down
        long expected = 128256L * preset.EmbeddingLength + preset.EmbeddingLength + preset.BlockCount * perLayer;

        Assert.Equal(expected, model.ParameterCount);
        Assert.Equal(4096, model.ContextLengthTrained);
        Assert.Equal(64, model.EmbeddingLength);
        Assert.Equal(2, model.LayerCount);
        Assert.Equal(4, model.HeadCount);
        Assert.Equal(2, model.KvHeadCount);
        Assert.Equal("llama", model.GetMetadata("general.architecture"));
        Assert.Null(model.GetMetadata("no.such.key"));
        Assert.StartsWith("llama ", model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_TypedErrorNamingTheFile()
    {
        var path = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.gguf");

        var error = Assert.Throws<ModelLoadException>(() => LlamaModel.Load(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"cannot load model '{path}': file not found", error.Message);
    }

    [Fact]
    public void Load_NotGguf_TypedErrorNamingTheFile()
    {
        using var file = new TempFile("this is a text file, not a model\n"u8.ToArray());

        var error = Assert.Throws<ModelLoadException>(() => LlamaModel.Load(file.Path));

        Assert.Equal(file.Path, error.FilePath);
        Assert.Contains(file.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a GGUF file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(4000)]
    public void Load_TruncatedHeader_TypedErrorNamingTheFile(int keptBytes)
    {
        using var file = new TempFile(File.ReadAllBytes(fixture.ModelPath)[..keptBytes]);

        var error = Assert.Throws<ModelLoadException>(() => LlamaModel.Load(file.Path));

        Assert.Equal(file.Path, error.FilePath);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TruncatedTensorData_TypedErrorAndTheProcessSurvives()
    {
        var bytes = File.ReadAllBytes(fixture.ModelPath);
        using var file = new TempFile(bytes[..(bytes.Length - (1 << 20))]);

        var error = Assert.Throws<ModelLoadException>(() => LlamaModel.Load(file.Path));

        Assert.Equal(file.Path, error.FilePath);
        Assert.Equal(64, fixture.Model.EmbeddingLength);
    }

    private sealed class TempFile : IDisposable
    {
        public TempFile(byte[] content)
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"cluster-{Guid.NewGuid():N}.gguf");
            File.WriteAllBytes(Path, content);
        }

        public string Path { get; }

        public void Dispose() => File.Delete(Path);
    }
}
