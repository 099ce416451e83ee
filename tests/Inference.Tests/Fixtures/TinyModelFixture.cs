using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Fixtures;

/// <summary>Writes the tiny demo model (seed 42) once, loads llama.cpp's CPU build and the model, and shares them.</summary>
public sealed class TinyModelFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-tiny-").FullName;

    public string ModelPath => Path.Combine(_folder, "tiny-f16.gguf");

    public LlamaModel Model { get; private set; } = null!;

    public static string VocabularyPath => Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf");

    public async Task InitializeAsync()
    {
        LlamaLibrary.Initialize(null, NullLogger.Instance);
        var request = new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, 42, VocabularyPath, ModelPath);
        await new RandomModelWriter().WriteAsync(request, null, CancellationToken.None);
        Model = LlamaModel.Load(ModelPath);
    }

    public Task DisposeAsync()
    {
        Model.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
