using System.Net;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Models;

public sealed class SchedulerWatchdogTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-watchdog-").FullName;
    private SiloHost _silo = null!;

    public async Task InitializeAsync() => _silo = await SiloHost.StartAsync($"--Silo:Models:0:Path={await TinyModelFile.WriteAsync(_folder)}");

    public async Task DisposeAsync()
    {
        await _silo.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task SchedulerLoopDies_SiloReportsTheModelFailedThenServesAgainOnANewScheduler()
    {
        var siloGrain = _silo.Grains.GetGrain<ISiloGrain>(_silo.SiloKey);
        Assert.True((await siloGrain.GetInfoAsync()).Healthy);
        _silo.Replicas("tiny").Replicas[0].InjectSchedulerFailure();

        var failed = await ModelStatusPoll.WaitForAsync(siloGrain, ModelStatus.Failed);
        var ready = await ModelStatusPoll.WaitForAsync(siloGrain, ModelStatus.Ready);
        using var answer = await _silo.Http.PostAsync("/v1/chat/completions", """{"model":"tiny","messages":[{"role":"user","content":"Hi"}],"max_tokens":2}""");

        Assert.Equal("scheduler loop died: injected scheduler fault", failed.Models[0].FailureReason);
        Assert.False(failed.Healthy);
        Assert.True(ready.Healthy);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }
}
