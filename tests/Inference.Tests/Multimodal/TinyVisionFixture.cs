using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Multimodal;
using Cluster.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Multimodal;

/// <summary>Writes the tiny text model and the tiny projector for it (seed 42), loads both, and shares them.</summary>
public sealed class TinyVisionFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-vision-").FullName;

    public string ModelPath => Path.Combine(_folder, "tiny-f16.gguf");

    public string ProjectorPath => Path.Combine(_folder, "tiny-mmproj.gguf");

    public LlamaModel Model { get; private set; } = null!;

    public VisionProjector Projector { get; private set; } = null!;

    public string Temp(string name) => Path.Combine(_folder, name);

    public async Task InitializeAsync()
    {
        LlamaLibrary.Initialize(null, NullLogger.Instance);
        var vocabulary = Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf");
        await new RandomModelWriter().WriteAsync(new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, 42, vocabulary, ModelPath), null, CancellationToken.None);
        await new RandomProjectorWriter().WriteAsync(
            new ProjectorCreationRequest(ProjectorPreset.Tiny, ModelPreset.Tiny.EmbeddingLength, 42, ProjectorPath), null, CancellationToken.None);
        Model = LlamaModel.Load(ModelPath);
        Projector = VisionProjector.Load(Model, ProjectorPath, new VisionProjectorOptions { Threads = 2 });
    }

    public Task DisposeAsync()
    {
        Projector.Dispose();
        Model.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>Tests that share the tiny vision model.</summary>
[CollectionDefinition(Name)]
public sealed class TinyVisionCollection : ICollectionFixture<TinyVisionFixture>
{
    public const string Name = "tiny vision model";
}
