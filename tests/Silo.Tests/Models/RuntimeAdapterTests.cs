using System.Net;
using System.Text.Json;
using Cluster.Grains.Models;
using Cluster.Inference.ModelCreation;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Silo.Tests.Models;

public sealed class RuntimeAdapterTests : IAsyncLifetime
{
    private const string Seeded = """{"max_tokens":8,"temperature":0.9,"seed":7,"ignore_eos":true}""";

    private readonly string _folder = Directory.CreateTempSubdirectory("cluster-silo-runtime-lora-").FullName;
    private readonly List<SiloHost> _silos = [];
    private string _model = string.Empty;

    private string AdapterPath => Path.Combine(_folder, "lora-new.gguf");

    public async Task InitializeAsync()
    {
        _model = await TinyModelFile.WriteAsync(_folder);
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 9, 8, 8f, AdapterPath), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in Enumerable.Reverse(_silos))
        {
            await silo.DisposeAsync();
        }

        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task AddAsync_SiloStartsAfterwards_ServesTheAdapterWithTheSameOutputAndRemovalReachesBoth()
    {
        var first = await StartAsync(null);
        var adapters = first.Grains.GetGrain<IModelAdaptersGrain>("tiny");
        var added = await adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath, Aliases = ["newbie"] });
        var onFirst = await CompleteAsync(first, "tiny:new");

        var second = await StartAsync(first);
        await WaitForAsync(() => Models(second).Resolve("tiny:new") is not null);
        var onSecond = await CompleteAsync(second, "tiny:new");
        var byAlias = await CompleteAsync(second, "newbie");
        var baseModel = await CompleteAsync(second, "tiny");
        await first.WaitForCatalogAsync(2);
        var removed = await adapters.RemoveAsync("new");
        var kept = await adapters.GetAsync();

        Assert.Equal([AdapterChangeStatus.Done], added.Select(change => change.Change.Status));
        Assert.Equal(onFirst, onSecond);
        Assert.Equal(onFirst, byAlias);
        Assert.NotEqual(baseModel, onSecond);
        Assert.Equal([AdapterChangeStatus.Done, AdapterChangeStatus.Done], removed.Select(change => change.Change.Status));
        Assert.Equal((2L, 0), (kept.Version, kept.Adapters.Count));
        Assert.All(_silos, silo => Assert.Null(Models(silo).Resolve("tiny:new")));
        using var gone = await second.Http.PostAsync("/v1/completions", Body("tiny:new"));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task AddAsync_SiloRefusesTheFile_NothingKeptOrServed()
    {
        var first = await StartAsync(null);
        var adapters = first.Grains.GetGrain<IModelAdaptersGrain>("tiny");

        var refused = await adapters.AddAsync(new LoraAdapterOptions { Name = "broken", Path = _model });
        var kept = await adapters.GetAsync();

        Assert.Equal([AdapterChangeStatus.Invalid], refused.Select(change => change.Change.Status));
        Assert.Equal((0L, 0), (kept.Version, kept.Adapters.Count));
        Assert.Null(Models(first).Resolve("tiny:broken"));
    }

    private async Task<SiloHost> StartAsync(SiloHost? primary)
    {
        string[] settings = [$"--Silo:Models:0:Path={_model}", "--Silo:Models:0:Scheduler:ContextPerSequence=256", "--Silo:AdapterSyncPeriod=00:00:00.2"];
        var silo = primary is null ? await SiloHost.StartAsync(settings) : await SiloHost.StartJoiningAsync(primary, settings);
        _silos.Add(silo);
        return silo;
    }

    private static HostedModels Models(SiloHost silo) => silo.App.Services.GetRequiredService<HostedModels>();

    private static async Task<string> CompleteAsync(SiloHost silo, string model)
    {
        using var response = await silo.Http.PostAsync("/v1/completions", Body(model));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("choices")[0].GetProperty("text").GetString()!;
    }

    private static StringContent Body(string model) =>
        OpenAIHttp.Json(Generate.Merge($$"""{"model":{{JsonSerializer.Serialize(model)}},"prompt":"Once upon a time"}""", Seeded));

    // The joining silo applies the kept set once it has loaded and joined; the poll is tight and bounded.
    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
