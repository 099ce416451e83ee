using System.Net;
using System.Text;
using Cluster.Grains.Models;
using Cluster.Grains.Silos;
using Cluster.Inference.Generation;
using Cluster.Inference.ModelCreation;
using Cluster.Inference.Sampling;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Silo.Tests.Models;

public sealed class ReplicaTests(ReplicaSiloFixture fixture) : IClassFixture<ReplicaSiloFixture>
{
    private const string Greedy = """{"max_tokens":6,"temperature":0,"ignore_eos":true}""";

    private SiloHost Silo => fixture.Silo;

    [Fact]
    public async Task Submit_FourAtOnce_TwoOnEachReplicaEachGeneratingAllItsTokens()
    {
        var replicas = Silo.Replicas("tiny");
        var before = Snapshot(replicas);

        var streams = Enumerable.Range(0, 4).Select(_ => Silo.Grain("tiny").Submit(Request(SamplingOptions.Greedy), CancellationToken.None).Stream!).ToList();
        var inFlight = replicas.ReplicaInfos.Select(replica => replica.InFlight).ToList();
        var tokens = await Task.WhenAll(streams.Select(CountTokensAsync));

        var after = Snapshot(replicas);
        Assert.Equal([2, 2], inFlight);
        Assert.Equal([2, 2], after.Admitted.Zip(before.Admitted, (a, b) => a - b));
        Assert.Equal([16, 16], after.Generated.Zip(before.Generated, (a, b) => a - b));
        Assert.Equal([8, 8, 8, 8], tokens);
        Assert.Equal([0, 0], replicas.ReplicaInfos.Select(replica => replica.InFlight));
    }

    [Fact]
    public async Task Submit_SameSeededRequestOnEachReplica_SameTextAsOneReplicaAlone()
    {
        var replicas = Silo.Replicas("tiny");
        var seeded = new SamplingOptions { Temperature = 0.9f, Seed = 7 };
        var alone = await TextAsync(replicas.Replicas[0].Submit(Request(seeded), CancellationToken.None).Stream!);
        var before = Snapshot(replicas);

        var first = Silo.Grain("tiny").Submit(Request(seeded), CancellationToken.None).Stream!;
        var second = Silo.Grain("tiny").Submit(Request(seeded), CancellationToken.None).Stream!;
        var texts = await Task.WhenAll(TextAsync(first), TextAsync(second));

        Assert.Equal([1, 1], Snapshot(replicas).Admitted.Zip(before.Admitted, (a, b) => a - b));
        Assert.Equal([alone, alone], texts);
        Assert.NotEmpty(alone);
    }

    [Fact]
    public async Task CreateChatCompletion_TurnsOfOneSession_StayOnOneReplicaWithCachedTokensGrowing()
    {
        var replicas = Silo.Replicas("tiny");
        var http = Silo.Http;
        var id = SessionHttp.NewSessionId("replica");
        var before = Snapshot(replicas);

        var turns = new List<(int Prompt, int Cached)>();
        foreach (var message in new[] { "Hello there", "And then?", "Tell me more", "Thanks" })
        {
            var answer = await http.ChatTurnAsync(id, SessionHttp.Messages(("user", message)), Greedy);
            turns.Add((answer.Usage("prompt_tokens"), answer.Usage("cached_tokens")));
        }

        var admitted = Snapshot(replicas).Admitted.Zip(before.Admitted, (a, b) => a - b).ToList();
        Assert.Contains(admitted, count => count == 4);
        Assert.Contains(admitted, count => count == 0);
        // Each later turn finds the whole history in its replica's KV: the last prompt, its 6 answer tokens and the <|eot_id|> closing it.
        Assert.Equal([.. turns.Take(3).Select(turn => turn.Prompt + 6 + 1)], turns.Skip(1).Select(turn => turn.Cached));
        Assert.Equal(1, replicas.ReplicaInfos[admitted.IndexOf(4)].Sessions);
        Assert.True(await Silo.EndSessionAsync(Grains.Sessions.SessionKeys.ForHeader(id)));
        Assert.Equal([0, 0], replicas.ReplicaInfos.Select(replica => replica.Sessions));
    }

    [Fact]
    public async Task GetModels_TwoReplicas_NameListedOnceWithEachReplicasPlacement()
    {
        using var listed = await Silo.Http.GetAsync("/v1/models");
        var models = await listed.ReadJsonAsync();
        var info = (await Silo.Grains.GetGrain<ISiloGrain>(Silo.SiloKey).GetInfoAsync()).Models.Single();

        Assert.Equal(["tiny"], models.GetProperty("data").EnumerateArray().Select(model => model.GetProperty("id").GetString()));
        Assert.Equal(2, models.GetProperty("data")[0].GetProperty("replica_gpus").GetArrayLength());
        Assert.Equal(ModelStatus.Ready, info.Status);
        Assert.Equal(4, info.Slots);
        Assert.Equal([0, 1], info.Replicas.Select(replica => replica.Index));
    }

    [Fact]
    public async Task SchedulerOfOneReplicaDies_ModelStillServesOnTheOtherAndReadinessIsDegraded()
    {
        var replicas = Silo.Replicas("tiny");
        await WaitForAsync(() => replicas.Replicas.All(replica => replica.Status == ModelStatus.Ready));

        // The reads below must fall within the watchdog's period (it restarts a dead loop a second or more after seeing
        // it): the readiness path is warmed first, so its first call's start-up cost does not land in that window.
        (await Silo.Http.GetAsync("/health/ready")).Dispose();
        replicas.Replicas[1].InjectSchedulerFailure();
        await WaitForAsync(() => replicas.Replicas[1].Status == ModelStatus.Failed);
        var info = (await Silo.Grains.GetGrain<ISiloGrain>(Silo.SiloKey).GetInfoAsync()).Models.Single();
        var before = Snapshot(replicas);
        var streams = Enumerable.Range(0, 2).Select(_ => Silo.Grain("tiny").Submit(Request(SamplingOptions.Greedy), CancellationToken.None)).ToList();
        using var ready = await Silo.Http.GetAsync("/health/ready");
        var tokens = await Task.WhenAll(streams.Select(admission => CountTokensAsync(admission.Stream!)));

        Assert.Equal([2, 0], Snapshot(replicas).Admitted.Zip(before.Admitted, (a, b) => a - b));
        Assert.Equal([8, 8], tokens);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(ModelStatus.Ready, info.Status);
        Assert.Equal("replica 1: scheduler loop died: injected scheduler fault", info.FailureReason);
        Assert.Equal([ModelStatus.Ready, ModelStatus.Failed], info.Replicas.Select(replica => replica.Status));

        // The watchdog brings the dead replica back on a new scheduler.
        await WaitForAsync(() => replicas.Replicas[1].Status == ModelStatus.Ready);
    }

    [Fact]
    public async Task AddAdapterAsync_TwoReplicasWithAnAlias_BothServeItWithTheSameOutputThenBothLetItGo()
    {
        var models = Silo.App.Services.GetRequiredService<HostedModels>();
        var adapterPath = Path.Combine(Path.GetDirectoryName(fixture.ModelPath)!, "lora-replicas.gguf");
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 11, 8, 8f, adapterPath), CancellationToken.None);
        var seeded = new SamplingOptions { Temperature = 0.9f, Seed = 7 };
        var alone = await TextAsync(Silo.Grain("tiny").Submit(Request(seeded), CancellationToken.None).Stream!);

        // With an alias: once the first replica holds the adapter, the alias selects it, and the second must not refuse it.
        var added = await models.AddAdapterAsync("tiny", new LoraAdapterOptions { Name = "r", Path = adapterPath, Aliases = ["tiny-r"] }, setVersion: 0, CancellationToken.None);
        var before = Snapshot(Silo.Replicas("tiny"));
        var first = models.Resolve("tiny:r")!.Submit(Request(seeded), CancellationToken.None).Stream!;
        var second = models.Resolve("tiny-r")!.Submit(Request(seeded), CancellationToken.None).Stream!;
        var texts = await Task.WhenAll(TextAsync(first), TextAsync(second));
        var removed = await models.RemoveAdapterAsync("tiny", "r", setVersion: 0, CancellationToken.None);

        Assert.Equal(AdapterChangeStatus.Done, added.Status);
        Assert.Equal([1, 1], Snapshot(Silo.Replicas("tiny")).Admitted.Zip(before.Admitted, (a, b) => a - b));
        Assert.Equal(texts[0], texts[1]);
        Assert.NotEqual(alone, texts[0]);
        Assert.Equal(AdapterChangeStatus.Done, removed.Status);
        Assert.All(Silo.Replicas("tiny").Replicas, replica => Assert.Empty(replica.AdapterNames));
    }

    [Fact]
    public async Task AddAdapterAsync_OneReplicaDead_ServedOnTheOtherAndTheRestartedReplicaTakesIt()
    {
        var models = Silo.App.Services.GetRequiredService<HostedModels>();
        var replicas = Silo.Replicas("tiny");
        var adapterPath = Path.Combine(Path.GetDirectoryName(fixture.ModelPath)!, "lora-degraded.gguf");
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 12, 8, 8f, adapterPath), CancellationToken.None);
        await WaitForAsync(() => replicas.Replicas.All(replica => replica.Status == ModelStatus.Ready));
        replicas.Replicas[1].InjectSchedulerFailure();
        await WaitForAsync(() => replicas.Replicas[1].Status == ModelStatus.Failed);

        var adapters = Silo.Grains.GetGrain<IModelAdaptersGrain>("tiny");
        var added = (await adapters.AddAsync(new LoraAdapterOptions { Name = "d", Path = adapterPath })).Single().Change;
        var whileDead = replicas.Replicas.Select(replica => replica.AdapterNames.Count).ToList();
        // The watchdog restarts the dead scheduler, then gives the replica the adapter the other holds.
        await WaitForAsync(() => replicas.Replicas[1].AdapterNames.Count == 1);
        var before = Snapshot(replicas);
        var streams = Enumerable.Range(0, 2).Select(_ => models.Resolve("tiny:d")!.Submit(Request(SamplingOptions.Greedy), CancellationToken.None).Stream!).ToList();
        var tokens = await Task.WhenAll(streams.Select(CountTokensAsync));
        var removed = (await adapters.RemoveAsync("d")).Single().Change;

        Assert.Equal((AdapterChangeStatus.Done, "'tiny:d' is served; skipped replica 1 (Failed): it loads the adapter set once it serves again"), (added.Status, added.Message));
        Assert.Equal([1, 0], whileDead);
        Assert.Equal([1, 1], Snapshot(replicas).Admitted.Zip(before.Admitted, (a, b) => a - b));
        Assert.Equal([8, 8], tokens);
        Assert.Equal(AdapterChangeStatus.Done, removed.Status);
        Assert.All(replicas.Replicas, replica => Assert.Empty(replica.AdapterNames));
    }

    [Fact]
    public async Task Submit_StreamsDisposedUnreadOrCancelledUnread_InFlightAndAdapterUseBackToZero()
    {
        var models = Silo.App.Services.GetRequiredService<HostedModels>();
        var adapterPath = Path.Combine(Path.GetDirectoryName(fixture.ModelPath)!, "lora-unread.gguf");
        await RandomLoraWriter.WriteAsync(new LoraCreationRequest(ModelPreset.Tiny, 13, 8, 8f, adapterPath), CancellationToken.None);
        // Through the cluster's set, so the silo's adapter sync keeps it.
        var adapters = Silo.Grains.GetGrain<IModelAdaptersGrain>("tiny");
        await adapters.AddAsync(new LoraAdapterOptions { Name = "u", Path = adapterPath });
        using var cancelled = new CancellationTokenSource();

        var disposed = models.Resolve("tiny:u")!.Submit(Request(SamplingOptions.Greedy), CancellationToken.None).Stream!.GetAsyncEnumerator();
        _ = Silo.Grain("tiny").Submit(Request(SamplingOptions.Greedy), cancelled.Token).Stream!;
        var whileHeld = Silo.Replicas("tiny").ReplicaInfos.Sum(replica => replica.InFlight);
        await disposed.DisposeAsync();
        await cancelled.CancelAsync();
        var removed = (await adapters.RemoveAsync("u")).Single().Change;

        Assert.Equal(2, whileHeld);
        Assert.Equal([0, 0], Silo.Replicas("tiny").ReplicaInfos.Select(replica => replica.InFlight));
        Assert.Equal(AdapterChangeStatus.Done, removed.Status);
    }

    [Fact]
    public void Submit_HostThrows_InFlightBackToZero()
    {
        var broken = Request(SamplingOptions.Greedy) with { Prompt = null! };

        Assert.Throws<NullReferenceException>(() => Silo.Grain("tiny").Submit(broken, CancellationToken.None));
        Assert.Equal([0, 0], Silo.Replicas("tiny").ReplicaInfos.Select(replica => replica.InFlight));
    }

    private GenerationRequest Request(SamplingOptions sampling) => new()
    {
        Prompt = Silo.Grain("tiny").Vocabulary.Tokenize("Once upon a time", addSpecial: true, parseSpecial: false),
        Sampling = sampling,
        MaxTokens = 8,
        IgnoreEos = true,
    };

    private static (long[] Admitted, long[] Generated) Snapshot(ModelReplicas replicas) =>
        ([.. replicas.ReplicaInfos.Select(replica => replica.Admitted)], [.. replicas.ReplicaInfos.Select(replica => replica.GeneratedTokens)]);

    private static async Task<int> CountTokensAsync(IAsyncEnumerable<GenerationChunk> stream)
    {
        var count = 0;
        await foreach (var chunk in stream)
        {
            count += chunk.Tokens.Count;
        }

        return count;
    }

    private static async Task<string> TextAsync(IAsyncEnumerable<GenerationChunk> stream)
    {
        var text = new StringBuilder();
        await foreach (var chunk in stream)
        {
            text.Append(chunk.Text);
        }

        return text.ToString();
    }

    // The state changes on the replica's loop thread; the poll is tight and bounded.
    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(5, timeout.Token);
        }
    }
}
