using Cluster.Inference.Models;
using Cluster.Inference.Text;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>
/// Three silos for session tests. Primary and Twin form one cluster and serve the same tiny model file ("tiny": 2 sequences
/// of 4096 tokens, 64 KiB body limit), so a session migrates between them. Other, a cluster of its own, serves a tiny model
/// of another seed under the same id, plus "second" (that file again).
/// </summary>
public sealed class SessionSilosFixture : IAsyncLifetime
{
    public const int MaxRequestBodyBytes = 64 * 1024;

    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-sessions-").FullName;

    public SiloHost Primary { get; private set; } = null!;

    public SiloHost Twin { get; private set; } = null!;

    public SiloHost Other { get; private set; } = null!;

    /// <summary>The primary model loaded apart from the silos: tokenizer and template for expected token counts.</summary>
    public LlamaModel Reference { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var model = await TinyModelFile.WriteAsync(_folder);
        var otherModel = await TinyModelFile.WriteAsync(Directory.CreateDirectory(Path.Combine(_folder, "other")).FullName, seed: 43);
        string[] shared = ["--Silo:Models:0:Scheduler:Sequences=2", "--Silo:Models:0:Scheduler:ContextPerSequence=4096", $"--Silo:MaxRequestBodyBytes={MaxRequestBodyBytes}"];
        Primary = await SiloHost.StartAsync([$"--Silo:Models:0:Path={model}", "--Cluster:SiloName=primary", .. shared]);
        Twin = await SiloHost.StartJoiningAsync(Primary, [$"--Silo:Models:0:Path={model}", "--Cluster:SiloName=twin", .. shared]);
        Other = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={otherModel}",
            $"--Silo:Models:1:Path={otherModel}",
            "--Silo:Models:1:ModelId=second");
        Reference = LlamaModel.Load(model);
        await Primary.WaitForCatalogAsync(2);
        await Twin.WaitForCatalogAsync(2);
    }

    /// <summary>Prompt tokens of a session's first turn: the template over the messages, then BOS.</summary>
    public int FirstTurnTokens(params ChatMessage[] messages) =>
        Reference.Vocabulary.Tokenize(Reference.ChatTemplate!.Apply(messages, addAssistant: true), addSpecial: true, parseSpecial: true).Length;

    /// <summary>Prompt tokens a later turn adds after the history: the template over the new messages, no BOS.</summary>
    public int LaterTurnTokens(params ChatMessage[] messages) =>
        Reference.Vocabulary.Tokenize(Reference.ChatTemplate!.Apply(messages, addAssistant: true), addSpecial: false, parseSpecial: true).Length;

    public async Task DisposeAsync()
    {
        await Twin.DisposeAsync();
        await Primary.DisposeAsync();
        await Other.DisposeAsync();
        Reference.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
