using Cluster.Inference.Models;
using Cluster.Inference.Native;
using Cluster.Inference.Text;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>One silo serving the tiny model ("tiny": 4 sequences of 256 tokens, 64 KiB body limit) and an independent copy of the model for expected values.</summary>
public sealed class SiloFixture : IAsyncLifetime
{
    public const string ModelId = "tiny";
    public const int ContextPerSequence = 256;
    public const int MaxRequestBodyBytes = 64 * 1024;

    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-").FullName;

    public SiloHost Silo { get; private set; } = null!;

    /// <summary>The same GGUF loaded apart from the silo: tokenizer and template for expected prompt tokens.</summary>
    public LlamaModel Reference { get; private set; } = null!;

    public string ModelPath { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        ModelPath = await TinyModelFile.WriteAsync(_folder);
        Silo = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={ModelPath}",
            "--Silo:Models:0:Scheduler:Sequences=4",
            $"--Silo:Models:0:Scheduler:ContextPerSequence={ContextPerSequence}",
            $"--Silo:MaxRequestBodyBytes={MaxRequestBodyBytes}");
        Reference = LlamaModel.Load(ModelPath);
    }

    /// <summary>Prompt tokens of a chat as the silo must build them: the model's template, then BOS and special tokens.</summary>
    public LlamaToken[] ChatPromptTokens(params ChatMessage[] messages) =>
        Reference.Vocabulary.Tokenize(Reference.ChatTemplate!.Apply(messages, addAssistant: true), addSpecial: true, parseSpecial: true);

    /// <summary>Prompt tokens of a text completion: BOS, then the text with no special tokens parsed.</summary>
    public LlamaToken[] CompletionPromptTokens(string prompt) => Reference.Vocabulary.Tokenize(prompt, addSpecial: true, parseSpecial: false);

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Reference.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
