using Cluster.Inference.ModelCreation;
using Cluster.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Grains.Tests.Fixtures;

/// <summary>Writes two tiny models once: seed 42 and seed 43 (same shape, other weights), and loads llama.cpp's CPU build.</summary>
public sealed class TinyModelsFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-grains-").FullName;

    public string ModelPath => Path.Combine(_folder, "tiny-42.gguf");

    public string OtherModelPath => Path.Combine(_folder, "tiny-43.gguf");

    public async Task InitializeAsync()
    {
        LlamaLibrary.Initialize(null, NullLogger.Instance);
        var vocabulary = Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf");
        await new RandomModelWriter().WriteAsync(new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, 42, vocabulary, ModelPath), null, CancellationToken.None);
        await new RandomModelWriter().WriteAsync(new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, 43, vocabulary, OtherModelPath), null, CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class TinyModelsCollection : ICollectionFixture<TinyModelsFixture>
{
    public const string Name = "tiny models";
}
