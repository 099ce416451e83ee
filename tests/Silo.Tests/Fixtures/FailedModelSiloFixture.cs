namespace Cluster.Silo.Tests.Fixtures;

/// <summary>A silo whose only model file is not a GGUF: settings pass validation, loading fails, the model stays Failed.</summary>
public sealed class FailedModelSiloFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-failed-").FullName;

    public SiloHost Silo { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var path = Path.Combine(_folder, "broken.gguf");
        await File.WriteAllTextAsync(path, "not a model");
        Silo = await SiloHost.StartAsync($"--Silo:Models:0:Path={path}", "--Silo:Models:0:RetryAfter=00:00:05");
    }

    public async Task DisposeAsync()
    {
        await Silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
