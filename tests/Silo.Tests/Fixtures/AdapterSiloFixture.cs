using Cluster.Inference.ModelCreation;

namespace Cluster.Silo.Tests.Fixtures;

/// <summary>One silo serving the tiny model with two random LoRA adapters: "tiny:a" (seed 7) and "tiny:b" (seed 8, alias "bee").</summary>
public sealed class AdapterSiloFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-lora-").FullName;

    public SiloHost Silo { get; private set; } = null!;

    public string ModelPath { get; private set; } = string.Empty;

    public string AdapterPath(string name) => Path.Combine(_folder, $"lora-{name}.gguf");

    public async Task InitializeAsync()
    {
        ModelPath = await TinyModelFile.WriteAsync(_folder);
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 7, 8, 8f, AdapterPath("a")), CancellationToken.None);
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 8, 8, 8f, AdapterPath("b")), CancellationToken.None);
        Silo = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={ModelPath}",
            "--Silo:Models:0:Scheduler:Sequences=8",
            "--Silo:Models:0:Scheduler:ContextPerSequence=128",
            "--Silo:Models:0:Adapters:0:Name=a",
            $"--Silo:Models:0:Adapters:0:Path={AdapterPath("a")}",
            "--Silo:Models:0:Adapters:1:Name=b",
            $"--Silo:Models:0:Adapters:1:Path={AdapterPath("b")}",
            "--Silo:Models:0:Adapters:1:Aliases:0=bee");
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
