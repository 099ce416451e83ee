namespace Cluster.Silo.Tests.Fixtures;

/// <summary>A silo serving the tiny model as two replicas on the CPU, each with two sequence slots.</summary>
public sealed class ReplicaSiloFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-replicas-").FullName;

    public SiloHost Silo { get; private set; } = null!;

    public string ModelPath { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        ModelPath = await TinyModelFile.WriteAsync(_folder);
        Silo = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={ModelPath}",
            "--replicas=2",
            "--Silo:Models:0:GpuLayers=0",
            "--Silo:Models:0:Scheduler:Sequences=2",
            "--Silo:Models:0:Scheduler:ContextPerSequence=1024");
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
