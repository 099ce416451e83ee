using Cluster.Inference.Gguf;
using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Multimodal;

using Cluster.Tests.Shared;

namespace Cluster.Inference.Tests.Multimodal;

[Collection(TinyVisionCollection.Name)]
public sealed class VisionProjectorTests(TinyVisionFixture fixture)
{
    private const int TinyImageTokens = 64;

    [Fact]
    public void RandomProjectorWriter_TinyPreset_WritesLlavaClipKeysAndTensors()
    {
        var file = GgufReader.Read(fixture.ProjectorPath);

        Assert.Equal("clip", file.Metadata["general.architecture"].AsString());
        Assert.Equal("mlp", file.Metadata["clip.projector_type"].AsString());
        Assert.Equal(64u, file.Metadata["clip.vision.image_size"].AsUInt32());
        Assert.Equal(8u, file.Metadata["clip.vision.patch_size"].AsUInt32());
        Assert.Equal(64u, file.Metadata["clip.vision.projection_dim"].AsUInt32());
        Assert.Equal(5 + (2 * 16) + 4, file.Tensors.Count);
        Assert.Equal([64L, 64], file.Tensors.Single(t => t.Name == "mm.2.weight").Shape);
        Assert.Equal([8L, 8, 3, 64], file.Tensors.Single(t => t.Name == "v.patch_embd.weight").Shape);
        Assert.Equal(TinyImageTokens, ProjectorPreset.Tiny.PatchCount);
    }

    [Fact]
    public async Task RandomProjectorWriter_SameSeed_ByteIdenticalFiles()
    {
        var again = fixture.Temp("again-mmproj.gguf");
        await new RandomProjectorWriter().WriteAsync(new ProjectorCreationRequest(ProjectorPreset.Tiny, 64, 42, again), null, CancellationToken.None);

        Assert.Equal(await File.ReadAllBytesAsync(fixture.ProjectorPath), await File.ReadAllBytesAsync(again));
    }

    [Fact]
    public void Tokenize_OnePngBetweenText_SixtyFourImageRowsOfTheModelWidth()
    {
        var projector = fixture.Projector;
        var before = fixture.Model.Vocabulary.Tokenize("Look at this: ", addSpecial: true, parseSpecial: false);

        var prompt = projector.Tokenize($"Look at this: {projector.Marker} What is it?", [TestImages.Png(100, 60, 1)], addSpecial: true, parseSpecial: false);

        var image = Assert.Single(prompt.Images);
        Assert.Equal(before.Length, image.Start);
        Assert.Equal(TinyImageTokens, image.Count);
        Assert.Equal(TinyImageTokens * fixture.Model.EmbeddingLength, image.Embeddings.Length);
        Assert.All(image.Embeddings, value => Assert.True(float.IsFinite(value)));
        Assert.Contains(image.Embeddings, value => value != 0);
        Assert.Equal(64, image.Id.Length); // SHA-256, hex
        Assert.True(prompt.Tokens.Count > image.End);
    }

    [Fact]
    public void Tokenize_SameImageAsPngTwice_EqualPlaceholdersAndEmbeddings_OtherImageDiffers()
    {
        var projector = fixture.Projector;
        var png = TestImages.Png(64, 64, 2);

        var prompt = projector.Tokenize($"{projector.Marker}{projector.Marker}{projector.Marker}.", [png, png, TestImages.Jpeg(64, 64, 3)], addSpecial: false, parseSpecial: false);

        Assert.Equal(3, prompt.Images.Count);
        var (first, second, third) = (prompt.Images[0], prompt.Images[1], prompt.Images[2]);
        Assert.Equal(first.Embeddings, second.Embeddings);
        Assert.Equal(prompt.Tokens.Skip(first.Start).Take(first.Count), prompt.Tokens.Skip(second.Start).Take(second.Count));
        Assert.NotEqual(first.Embeddings, third.Embeddings);
        Assert.NotEqual(prompt.Tokens.Skip(first.Start).Take(first.Count), prompt.Tokens.Skip(third.Start).Take(third.Count));
        Assert.Equal(3 * TinyImageTokens, prompt.ImageTokenCount);
    }

    [Fact]
    public void Tokenize_SecondImageIsNotAnImage_ImageDecodeExceptionNamingIt()
    {
        var projector = fixture.Projector;

        var error = Assert.Throws<ImageDecodeException>(() =>
            projector.Tokenize($"{projector.Marker} {projector.Marker}", [TestImages.Png(8, 8, 1), "not an image at all"u8.ToArray()], false, false));

        Assert.Equal(1, error.ImageIndex);
        Assert.Equal("image 2 could not be decoded; send a JPEG, PNG, GIF, BMP, TGA, PSD, HDR or PNM image", error.Message);
    }

    [Fact]
    public async Task Load_ProjectorForAnotherWidth_ModelLoadExceptionNamingTheFile()
    {
        var wide = fixture.Temp("wide-mmproj.gguf");
        await new RandomProjectorWriter().WriteAsync(new ProjectorCreationRequest(ProjectorPreset.Tiny, 128, 42, wide), null, CancellationToken.None);

        var error = Assert.Throws<ModelLoadException>(() => VisionProjector.Load(fixture.Model, wide));

        Assert.Equal(wide, error.FilePath);
        Assert.StartsWith($"cannot load model '{wide}': libmtmd could not load it as a projector", error.Message, StringComparison.Ordinal);
    }
}
