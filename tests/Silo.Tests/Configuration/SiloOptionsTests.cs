using Cluster.Inference.Scheduling;
using Cluster.Silo.Configuration;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Tests.Configuration;

[Collection(ConfigurationCollection.Name)]
public sealed class SiloOptionsTests : IDisposable
{
    private readonly PlaceholderModel _placeholder = new("cluster-silo-config-");

    private string ModelPath => _placeholder.FilePath;

    public void Dispose() => _placeholder.Dispose();

    [Fact]
    public async Task Build_ShortSwitches_SetFirstModelAndPort()
    {
        await using var app = SiloApp.Build(["--model", ModelPath, "--mmproj", ModelPath, "--parallel", "3", "--ctx", "128", "--gpu", "1", "--port", "8123"]);

        var options = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value;

        var model = Assert.Single(options.Models);
        Assert.Equal((ModelPath, 3, 128, 1), (model.Path, model.Scheduler.Sequences, model.Scheduler.ContextPerSequence, model.MainGpu));
        Assert.Equal("8123", app.Configuration["http_ports"]);
        Assert.Equal(ModelPath, model.Projector);
        Assert.Equal(32 * 1024 * 1024, options.MaxRequestBodyBytes);
    }

    [Fact]
    public async Task Build_ConfigurationKeys_BindEveryModel()
    {
        await using var app = SiloApp.Build([$"--Silo:Models:0:Path={ModelPath}", "--Silo:Models:1:ModelId=other", $"--Silo:Models:1:Path={ModelPath}",
            "--Silo:Models:1:Scheduler:QueueCapacity=7", "--Silo:Models:1:RetryAfter=00:00:02", "--Silo:MaxRequestBodyBytes=2048"]);

        var options = app.Services.GetRequiredService<IOptions<SiloOptions>>().Value;

        Assert.Equal(["any", "other"], options.Models.Select(model => model.ResolvedModelId));
        Assert.Equal((7, TimeSpan.FromSeconds(2)), (options.Models[1].Scheduler.QueueCapacity, options.Models[1].RetryAfter));
        Assert.Equal(2048, options.MaxRequestBodyBytes);
    }

    [Fact]
    public async Task Build_ClusterPrefixedEnvironment_BindsAndCommandLineWins()
    {
        Environment.SetEnvironmentVariable("CLUSTER_Silo__Models__0__Path", ModelPath);
        Environment.SetEnvironmentVariable("CLUSTER_Silo__Models__0__Scheduler__Sequences", "5");
        Environment.SetEnvironmentVariable("CLUSTER_Silo__Models__0__Scheduler__ContextPerSequence", "512");
        try
        {
            await using var app = SiloApp.Build(["--parallel", "2"]);

            var model = Assert.Single(app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Models);

            Assert.Equal((ModelPath, 2, 512), (model.Path, model.Scheduler.Sequences, model.Scheduler.ContextPerSequence));
        }
        finally
        {
            Environment.SetEnvironmentVariable("CLUSTER_Silo__Models__0__Path", null);
            Environment.SetEnvironmentVariable("CLUSTER_Silo__Models__0__Scheduler__Sequences", null);
            Environment.SetEnvironmentVariable("CLUSTER_Silo__Models__0__Scheduler__ContextPerSequence", null);
        }
    }

    [Fact]
    public async Task StartAsync_NoModels_FailsNamingTheSetting()
    {
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(["Silo:Models is empty; set Silo:Models:0:Path to a GGUF file (or pass --model PATH)"], error.Failures);
    }

    [Fact]
    public async Task StartAsync_BadModelSettings_FailsNamingEachSetting()
    {
        var missing = Path.Combine(Path.GetDirectoryName(ModelPath)!, "missing.gguf");
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", "--model", missing, "--parallel", "0", "--ctx", "32", "--gpu", "-1",
            "--Silo:Models:0:Scheduler:QueueCapacity=0", "--Silo:MaxRequestBodyBytes=10", "--Silo:FailedModelRetry=00:00:00"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            $"Silo:Models:0:Path '{missing}' does not exist; set it to a GGUF file (create one with 'cluster-silo create-model -o FILE')",
            "Silo:Models:0:Scheduler:Sequences is 0; set it to 1 or more (--parallel N)",
            "Silo:Models:0:Scheduler:ContextPerSequence is 32; set it to 64 or more (--ctx N)",
            "Silo:Models:0:MainGpu is -1; set it to a GPU index, 0 or more (--gpu N)",
            "Silo:Models:0:Scheduler:QueueCapacity is 0; set it to 1 or more",
            "Silo:MaxRequestBodyBytes is 10; set it to 1024 or more (default 33554432)",
            "Silo:FailedModelRetry is 00:00:00; set it to a positive time such as 00:00:30",
        ], error.Failures);
    }

    [Fact]
    public async Task Build_SamplingSettings_BindTheGpuScopeAndTheThreads()
    {
        await using var app = SiloApp.Build(["--model", ModelPath, "--Silo:Models:0:Scheduler:BackendSamplingFor=Greedy, TopK",
            "--Silo:Models:0:Scheduler:SamplingThreads=6"]);

        var scheduler = Assert.Single(app.Services.GetRequiredService<IOptions<SiloOptions>>().Value.Models).Scheduler;

        Assert.Equal((BackendSamplingScope.Greedy | BackendSamplingScope.TopK, 6), (scheduler.BackendSamplingFor, scheduler.SamplingThreads));
    }

    [Fact]
    public async Task StartAsync_BadSamplingSettings_FailsNamingEachSetting()
    {
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", "--model", ModelPath,
            "--Silo:Models:0:Scheduler:SamplingThreads=0", "--Silo:Models:0:Scheduler:BackendSamplingFor=8"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(
        [
            "Silo:Models:0:Scheduler:SamplingThreads is 0; set it to 1 or more, or remove it to take one per core",
            "Silo:Models:0:Scheduler:BackendSamplingFor is 8; set it to None, Greedy, TopK or \"Greedy, TopK\"",
        ], error.Failures);
    }

    [Fact]
    public async Task StartAsync_DuplicateModelIds_FailsNamingTheSecond()
    {
        await using var app = SiloApp.Build(["--urls=http://127.0.0.1:0", $"--Silo:Models:0:Path={ModelPath}", $"--Silo:Models:1:Path={ModelPath}"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Equal(["Silo:Models:1:ModelId 'any' is already used by Silo:Models:0; set a distinct Silo:Models:1:ModelId"], error.Failures);
    }

    [Fact]
    public void TinyModelVocabulary_CopiedNextToTests_Exists() => Assert.True(File.Exists(TinyModelFile.VocabularyPath));
}
