using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Fixtures;

/// <summary>The tiny shape written as two embedding models (mean and CLS pooling, seed 7), loaded once.</summary>
public sealed class EmbeddingModelsFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-embed-").FullName;

    public LlamaModel Mean { get; private set; } = null!;

    public LlamaModel Cls { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        LlamaLibrary.Initialize(null, NullLogger.Instance);
        Mean = await WriteAndLoadAsync(LlamaPoolingType.Mean);
        Cls = await WriteAndLoadAsync(LlamaPoolingType.Cls);
    }

    public Task DisposeAsync()
    {
        Mean.Dispose();
        Cls.Dispose();
        Directory.Delete(_folder, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<LlamaModel> WriteAndLoadAsync(LlamaPoolingType pooling)
    {
        var path = Path.Combine(_folder, $"embed-{pooling}.gguf");
        await new RandomModelWriter().WriteAsync(
            new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, 7, TinyModelFixture.VocabularyPath, path, pooling), null, CancellationToken.None);
        return LlamaModel.Load(path);
    }
}
