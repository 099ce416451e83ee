using Cluster.Inference.Gguf;
using Cluster.Inference.ModelCreation;
using Cluster.Inference.Tests.Gguf;

namespace Cluster.Inference.Tests.ModelCreation;

/// <summary>Writes the tiny F16 model with seed 42 once for every test in a class, and times it.</summary>
public sealed class TinyModelFileFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory directory = new();

    public static string VocabularyPath { get; } = Path.Combine(AppContext.BaseDirectory, "vocab", "ggml-vocab-llama-bpe.gguf");

    public string ModelPath => directory.File("tiny-f16-42.gguf");

    public TimeSpan WriteTime { get; private set; }

    public List<ModelCreationProgress> Reports { get; } = [];

    public GgufFile File { get; private set; } = null!;

    public GgufFile Vocabulary { get; } = GgufReader.Read(VocabularyPath);

    public string Temp(string name) => directory.File(name);

    public async Task InitializeAsync()
    {
        var started = TimeProvider.System.GetTimestamp();
        await new RandomModelWriter().WriteAsync(Request(42, ModelPath), new SynchronousProgress(Reports), CancellationToken.None);
        WriteTime = TimeProvider.System.GetElapsedTime(started);
        File = GgufReader.Read(ModelPath);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => directory.Dispose();

    public static ModelCreationRequest Request(ulong seed, string output, ModelWeightType type = ModelWeightType.F16) =>
        new(ModelPreset.Tiny, type, seed, VocabularyPath, output);

    /// <summary>Collects reports on the reporting thread, unlike <see cref="Progress{T}"/>, which posts them.</summary>
    private sealed class SynchronousProgress(List<ModelCreationProgress> reports) : IProgress<ModelCreationProgress>
    {
        public void Report(ModelCreationProgress value) => reports.Add(value);
    }
}
