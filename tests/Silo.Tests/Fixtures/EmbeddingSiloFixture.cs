using Cluster.Inference.ModelCreation;
using Cluster.Inference.Models;
using Cluster.Inference.Native;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>One silo serving the tiny chat model ("tiny") and a tiny embedding model ("embed": mean pooling, 4 sequences, 64 tokens per input), and the embedding model loaded apart for expected tokens.</summary>
public sealed class EmbeddingSiloFixture : IAsyncLifetime
{
    public const string ModelId = "embed";
    public const int MaxInputTokens = 64;

    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-embed-").FullName;

    public SiloHost Silo { get; private set; } = null!;

    /// <summary>The embedding model loaded apart from the silo: its tokenizer gives the expected token counts.</summary>
    public LlamaModel Reference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var tiny = await TinyModelFile.WriteAsync(_folder);
        var embed = Path.Combine(_folder, ModelId + ".gguf");
        await new RandomModelWriter().WriteAsync(
            new ModelCreationRequest(ModelPreset.Tiny, ModelWeightType.F16, 7, TinyModelFile.VocabularyPath, embed, LlamaPoolingType.Mean), null, CancellationToken.None);
        Silo = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={tiny}",
            "--Silo:Models:0:Scheduler:ContextPerSequence=256",
            $"--Silo:Models:1:Path={embed}",
            "--Silo:Models:1:Scheduler:Sequences=4",
            $"--Silo:Models:1:Scheduler:ContextPerSequence={MaxInputTokens}",
            "--Silo:Models:1:Scheduler:StepTokenBudget=128");
        Reference = LlamaModel.Load(embed);
    }

    /// <summary>Tokens of one text input as the silo must count them: BOS, then the text with no special tokens parsed.</summary>
    public int TokenCount(string text) => Reference.Vocabulary.Tokenize(text, addSpecial: true, parseSpecial: false).Length;

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Reference.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
