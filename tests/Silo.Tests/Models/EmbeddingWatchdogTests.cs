using System.Net;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;
using Cluster.Inference.Native;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Models;

public sealed class EmbeddingWatchdogTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-embed-watchdog-").FullName;
    private SiloHost _silo = null!;

    public async Task InitializeAsync()
    {
        var embed = await TinyModelFile.WriteEmbeddingAsync(_folder);
        _silo = await SiloHost.StartAsync($"--Silo:Models:0:Path={embed}", "--Silo:Models:0:Scheduler:ContextPerSequence=64");
    }

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task EmbeddingLoopDies_ReportedFailedThenRestartedAndServing()
    {
        var siloGrain = _silo.Grains.GetGrain<ISiloGrain>(_silo.SiloKey);
        _silo.Replicas("embed").Replicas[0].InjectSchedulerFailure();

        var failed = await ModelStatusPoll.WaitForAsync(siloGrain, ModelStatus.Failed);
        using var failedHealth = await _silo.Http.GetAsync("/health/ready");
        var failedReport = await failedHealth.ReadJsonAsync();
        await ModelStatusPoll.WaitForAsync(siloGrain, ModelStatus.Ready);
        using var answer = await _silo.Http.PostAsync("/v1/embeddings", """{"model":"embed","input":["one","two"]}""");
        var vectors = await answer.ReadJsonAsync();
        using var health = await _silo.Http.GetAsync("/health/ready");
        var report = await health.ReadJsonAsync();

        Assert.Equal("scheduler loop died: injected scheduler fault", failed.Models[0].FailureReason);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (failedHealth.StatusCode, failedReport.GetProperty("status").GetString()));
        Assert.Equal("scheduler loop died: injected scheduler fault", failedReport.GetProperty("models").GetProperty("embed").GetProperty("failure_reason").GetString());
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal([64, 64], vectors.GetProperty("data").EnumerateArray().Select(item => item.GetProperty("embedding").GetArrayLength()));
        Assert.Equal((HttpStatusCode.OK, "Healthy"), (health.StatusCode, report.GetProperty("status").GetString()));
        var model = report.GetProperty("models").GetProperty("embed");
        Assert.Equal(("Ready", 1), (model.GetProperty("status").GetString(), model.GetProperty("scheduler_restarts").GetInt32()));
    }
}
