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

    /// <summary>Two random LoRA adapters for the model (create-model's writer, seeds 7 and 8).</summary>
    public LoraAdapter AdapterA { get; private set; } = null!;

    public LoraAdapter AdapterB { get; private set; } = null!;

    public string AdapterPath(string name) => Path.Combine(_folder, $"lora-{name}.gguf");

    public string Folder => _folder;

    public static string VocabularyPath => Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf");

    public async Task InitializeAsync()
    {
        LlamaLibrary.Initialize(null, NullLogger.Instance);
        var request = new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, 42, VocabularyPath, ModelPath);
        await new RandomModelWriter().WriteAsync(request, null, CancellationToken.None);
        Model = LlamaModel.Load(ModelPath);
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 7, 8, 8f, AdapterPath("a")), CancellationToken.None);
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 8, 8, 8f, AdapterPath("b")), CancellationToken.None);
        AdapterA = LoraAdapter.Load(Model, "a", AdapterPath("a"));
        AdapterB = LoraAdapter.Load(Model, "b", AdapterPath("b"));
    }

    public Task DisposeAsync()
    {
        AdapterA.Dispose();
        AdapterB.Dispose();
        Model.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }
}
