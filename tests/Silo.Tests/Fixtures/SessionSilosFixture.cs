using Cluster.Inference.Models;
using Cluster.Inference.Text;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>
/// Three silos for session tests. Primary and Twin serve the same tiny model file ("tiny": 2 sequences of 4096 tokens,
/// 64 KiB body limit), so a session moves between them. Other serves a tiny model of another seed under the same id,
/// plus "second" (that file again), and holds at most two sessions.
/// </summary>
public sealed class SessionSilosFixture : IAsyncLifetime
{
    public const int MaxRequestBodyBytes = 64 * 1024;
    public const int OtherMaxSessions = 2;

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
        Primary = await SiloHost.StartAsync([$"--Silo:Models:0:Path={model}", .. shared]);
        Twin = await SiloHost.StartAsync([$"--Silo:Models:0:Path={model}", .. shared]);
        Other = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={otherModel}",
            $"--Silo:Models:1:Path={otherModel}",
            "--Silo:Models:1:ModelId=second",
            $"--Silo:Sessions:MaxSessions={OtherMaxSessions}");
        Reference = LlamaModel.Load(model);
    }

    /// <summary>Prompt tokens of a session's first turn: the template over the messages, then BOS.</summary>
    public int FirstTurnTokens(params ChatMessage[] messages) =>
        Reference.Vocabulary.Tokenize(Reference.ChatTemplate!.Apply(messages, addAssistant: true), addSpecial: true, parseSpecial: true).Length;

    /// <summary>Prompt tokens a later turn adds after the history: the template over the new messages, no BOS.</summary>
    public int LaterTurnTokens(params ChatMessage[] messages) =>
        Reference.Vocabulary.Tokenize(Reference.ChatTemplate!.Apply(messages, addAssistant: true), addSpecial: false, parseSpecial: true).Length;

    public async Task DisposeAsync()
    {
        await Primary.DisposeAsync();
        await Twin.DisposeAsync();
        await Other.DisposeAsync();
        Reference.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
