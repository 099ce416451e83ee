using System.Net;
using System.Text.Json;
using Cluster.Grains.Models;
using Cluster.Inference.Generation;
using Cluster.Inference.ModelCreation;
using Cluster.Inference.Sampling;
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

    [Fact]
    public async Task AddAsync_OneSiloRefusesTheAlias_UndoneWhereMadeAndARetryWithoutItIsKept()
    {
        var (first, second) = await StartWithOtherModelOnSecondAsync();
        var adapters = first.Grains.GetGrain<IModelAdaptersGrain>("tiny");

        // "other" names a model on the second silo only: the first loads the adapter, the second refuses it.
        var refused = await adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath, Aliases = ["other"] });
        var afterRefusal = (await adapters.GetAsync(), Models(first).Resolve("tiny:new"), Models(first).Resolve("other"));
        var retried = await adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath });
        var kept = await adapters.GetAsync();

        Assert.Equal(
            new[] { $"{first.Name}:Done:undo Done", $"{second.Name}:Conflict:'other' already names a model or adapter on this silo; choose another name:no undo" }.Order(StringComparer.Ordinal),
            refused.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal((1L, 0), (afterRefusal.Item1.Version, afterRefusal.Item1.Adapters.Count));
        Assert.Null(afterRefusal.Item2);
        Assert.Null(afterRefusal.Item3);
        Assert.Equal([AdapterChangeStatus.Done, AdapterChangeStatus.Done], retried.Select(change => change.Change.Status));
        Assert.Equal(2L, kept.Version);
        Assert.Equal(["new"], kept.Adapters.Select(adapter => adapter.Name));
        Assert.All(_silos, silo => Assert.NotNull(Models(silo).Resolve("tiny:new")));
    }

    [Fact]
    public async Task AddAsync_UndoFindsTheAdapterInUse_ReportedAndTheSiloLetsItGoOnceTheRequestEnds()
    {
        var (first, second) = await StartWithOtherModelOnSecondAsync();
        var adapters = first.Grains.GetGrain<IModelAdaptersGrain>("tiny");
        var held = await second.Replicas("tiny").HoldAdapterChangesAsync();

        // The second silo answers (Conflict) only once a request on the first silo holds the adapter there.
        var change = adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath, Aliases = ["other"] });
        await WaitForAsync(() => Models(first).Resolve("tiny:new") is not null);
        var request = Models(first).Resolve("tiny:new")!.Submit(GreedyRequest(first), CancellationToken.None).Stream!.GetAsyncEnumerator();
        held.Dispose();
        var refused = await change;
        var stillServed = Models(first).Resolve("tiny:new") is not null;
        await request.DisposeAsync();
        await WaitForAsync(() => Models(first).Resolve("tiny:new") is null);
        var kept = await adapters.GetAsync();

        Assert.Equal(
            new[] { $"{first.Name}:Done:undo InUse", $"{second.Name}:Conflict:'other' already names a model or adapter on this silo; choose another name:no undo" }.Order(StringComparer.Ordinal),
            refused.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Equal("1 requests are using 'tiny:new'; remove it again once they end", refused.Single(answer => answer.Silo == first.Name).Undo!.Message);
        Assert.True(stillServed);
        Assert.Equal((1L, 0), (kept.Version, kept.Adapters.Count));
    }

    [Fact]
    public async Task AddAsync_CallerCancelsMidChange_TheChangeIsFinishedOnEverySiloAndKept()
    {
        var first = await StartAsync(null);
        var second = await StartAsync(first);
        await first.WaitForCatalogAsync(2);
        var adapters = first.Grains.GetGrain<IModelAdaptersGrain>("tiny");
        var held = await second.Replicas("tiny").HoldAdapterChangesAsync();
        using var caller = new CancellationTokenSource();

        var change = adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath }, caller.Token);
        await WaitForAsync(() => Models(first).Resolve("tiny:new") is not null);
        await caller.CancelAsync();
        held.Dispose();
        // Whether the caller sees the cancellation or the answer, the grain takes one call at a time: this answers once
        // the abandoned change has ended.
        try
        {
            await change;
        }
        catch (OperationCanceledException)
        {
            // The caller gave up; the change went on.
        }

        var kept = await adapters.GetAsync();

        Assert.Equal(1L, kept.Version);
        Assert.Equal(["new"], kept.Adapters.Select(adapter => adapter.Name));
        Assert.All(_silos, silo => Assert.NotNull(Models(silo).Resolve("tiny:new")));
    }

    [Fact]
    public async Task AddAsync_SiloAnswersAfterTheDeadline_RefusedInTimeUndoneAndTheLateSiloEndsWithoutIt()
    {
        string[] deadlines = ["--Silo:AdapterChanges:SiloAnswerTimeout=00:00:01", "--Silo:AdapterChanges:UndoTimeout=00:00:01"];
        var first = await StartAsync(null, deadlines);
        var second = await StartAsync(first, deadlines);
        await first.WaitForCatalogAsync(2);
        var adapters = first.Grains.GetGrain<IModelAdaptersGrain>("tiny");
        IReadOnlyList<SiloAdapterChange> refused;
        using (await second.Replicas("tiny").HoldAdapterChangesAsync())
        {
            refused = await adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath });
        }

        // The model grain takes one call at a time: this answers once the calls the deadline abandoned there have ended;
        // an adapter they left is removed by the silo's sync.
        await second.Grains.GetGrain<IModelGrain>(ModelKeys.Of("tiny", second.SiloKey)).GetInfoAsync();
        await WaitForAsync(() => Models(second).Resolve("tiny:new") is null);
        var kept = await adapters.GetAsync();

        Assert.Equal(
            new[] { $"{first.Name}:Done:undo Done", $"{second.Name}:NotReady:the silo did not answer within 1 s; try again:undo NotReady" }.Order(StringComparer.Ordinal),
            refused.Select(Describe).Order(StringComparer.Ordinal));
        Assert.Null(Models(first).Resolve("tiny:new"));
        Assert.Equal((1L, 0), (kept.Version, kept.Adapters.Count));
    }

    [Fact]
    public async Task RemoveAsync_OneSiloNeverHadIt_RemovedFromTheOtherAndForgotten()
    {
        var first = await StartAsync(null);
        var adapters = first.Grains.GetGrain<IModelAdaptersGrain>("tiny");
        await adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath });
        var second = await StartAsync(first, "--Silo:AdapterSyncPeriod=01:00:00");
        await first.WaitForCatalogAsync(2);
        // The second silo applies the kept set once at start: take the adapter away from it, as a silo that missed it would be.
        await WaitForAsync(() => Models(second).Resolve("tiny:new") is not null);
        await Models(second).RemoveAdapterAsync("tiny", "new", setVersion: 0, CancellationToken.None);

        var removed = await adapters.RemoveAsync("new");
        var kept = await adapters.GetAsync();

        Assert.Equal(
            new[] { $"{first.Name}:Done:'tiny:new' is no longer served:no undo", $"{second.Name}:Done:it was not loaded there: nothing to remove:no undo" }.Order(StringComparer.Ordinal),
            removed.Select(answer => $"{answer.Silo}:{answer.Change.Status}:{answer.Change.Message}:{(answer.Undo is null ? "no undo" : "undo")}").Order(StringComparer.Ordinal));
        Assert.Equal((2L, 0), (kept.Version, kept.Adapters.Count));
        Assert.Null(Models(first).Resolve("tiny:new"));
    }

    [Fact]
    public async Task AddAsync_ModelFailedOnEverySilo_NotReadyFromEachAndNothingKept()
    {
        var broken = Path.Combine(_folder, "broken.gguf");
        await File.WriteAllTextAsync(broken, "not a model");
        var silo = await SiloHost.StartAsync($"--Silo:Models:0:Path={broken}");
        _silos.Add(silo);
        var adapters = silo.Grains.GetGrain<IModelAdaptersGrain>("broken");

        var refused = await adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath });
        var kept = await adapters.GetAsync();

        Assert.Equal([(AdapterChangeStatus.NotReady, "model 'broken' is Failed there; try again once it is ready")], refused.Select(answer => (answer.Change.Status, answer.Change.Message)));
        Assert.Equal((0L, 0), (kept.Version, kept.Adapters.Count));
    }

    [Fact]
    public async Task ApplyRuntimeAdaptersAsync_SetOlderThanTheChangeMadeHere_IgnoredAndTheAdapterStays()
    {
        var silo = await StartAsync(null, "--Silo:AdapterSyncPeriod=01:00:00");
        var adapters = silo.Grains.GetGrain<IModelAdaptersGrain>("tiny");
        var before = await adapters.GetAsync();
        await adapters.AddAsync(new LoraAdapterOptions { Name = "new", Path = AdapterPath });

        // What a sync that read the set just before the change would apply.
        var applied = await Models(silo).ApplyRuntimeAdaptersAsync("tiny", before, CancellationToken.None);

        Assert.Null(applied);
        Assert.Equal(1L, silo.Replicas("tiny").AdapterSetVersion);
        Assert.NotNull(Models(silo).Resolve("tiny:new"));
    }

    // The second silo also serves a model named "other", so an adapter aliased "other" loads on the first and is refused on the second.
    private async Task<(SiloHost First, SiloHost Second)> StartWithOtherModelOnSecondAsync()
    {
        var first = await StartAsync(null);
        var second = await StartAsync(first, $"--Silo:Models:1:Path={_model}", "--Silo:Models:1:ModelId=other", "--Silo:Models:1:Scheduler:ContextPerSequence=256");
        await first.WaitForCatalogAsync(2);
        return (first, second);
    }

    private async Task<SiloHost> StartAsync(SiloHost? primary, params string[] extra)
    {
        string[] settings = [$"--Silo:Models:0:Path={_model}", "--Silo:Models:0:Scheduler:ContextPerSequence=256", "--Silo:AdapterSyncPeriod=00:00:00.2", .. extra];
        var silo = primary is null ? await SiloHost.StartAsync(settings) : await SiloHost.StartJoiningAsync(primary, settings);
        _silos.Add(silo);
        return silo;
    }

    private static HostedModels Models(SiloHost silo) => silo.App.Services.GetRequiredService<HostedModels>();

    private static string Describe(SiloAdapterChange answer) =>
        answer.Change.Status == AdapterChangeStatus.Done
            ? $"{answer.Silo}:Done:{(answer.Undo is { } undo ? $"undo {undo.Status}" : "no undo")}"
            : $"{answer.Silo}:{answer.Change.Status}:{answer.Change.Message}:{(answer.Undo is { } undone ? $"undo {undone.Status}" : "no undo")}";

    private static GenerationRequest GreedyRequest(SiloHost silo) => new()
    {
        Prompt = silo.Grain("tiny").Vocabulary.Tokenize("Once upon a time", addSpecial: true, parseSpecial: false),
        Sampling = SamplingOptions.Greedy,
        MaxTokens = 4,
        IgnoreEos = true,
    };

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
