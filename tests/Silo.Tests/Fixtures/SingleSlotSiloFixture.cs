namespace Cluster.Silo.Tests.Fixtures;

/// <summary>A silo whose tiny model has one sequence slot and a queue of one, so a long stream makes the next requests wait or get 429.</summary>
public sealed class SingleSlotSiloFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-slot-").FullName;

    public SiloHost Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var model = await TinyModelFile.WriteAsync(_folder);
        Silo = await SiloHost.StartAsync(
            $"--Silo:Models:0:Path={model}",
            "--Silo:Models:0:Scheduler:Sequences=1",
            "--Silo:Models:0:Scheduler:QueueCapacity=1",
            "--Silo:Models:0:Scheduler:ContextPerSequence=4096",
            "--Silo:Models:0:RetryAfter=00:00:03");
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
