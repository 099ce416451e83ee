using Cluster.Grains.Models;
using Cluster.Grains.Sessions;
using Cluster.Grains.Tests.Fixtures;
using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Text;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Grains.Tests.Sessions;

[Collection(TinyModelsCollection.Name)]
public sealed class SessionGrainTests(TinyModelsFixture fixture) : IAsyncLifetime
{
    private static readonly GenerationRequest Greedy = new() { Prompt = [], Sampling = SamplingOptions.Greedy, MaxTokens = 6, IgnoreEos = true };
    private static readonly ChatMessage System = new("system", "You are terse.");
    private static readonly ChatMessage First = new("user", "Hello there!");
    private static readonly ChatMessage Second = new("user", "And then what happened?");
    private readonly ManualClock _clock = new();
    private ModelGrain _model = null!;
    private SessionDirectory _sessions = null!;

    public async Task InitializeAsync()
    {
        _model = await LoadAsync(fixture.ModelPath);
        _sessions = new SessionDirectory(new SessionOptions { IdleTimeToLive = TimeSpan.FromMinutes(5) }, _clock);
    }

    public async Task DisposeAsync()
    {
        _sessions.Dispose();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task StartTurnAsync_SecondTurn_CachedTokensEqualHistoryLength()
    {
        var session = _sessions.GetOrCreate("a", _model)!;
        await TurnAsync(session, [System, First]);
        var history = session.HistoryTokens;

        var second = await TurnAsync(session, [Second]);

        Assert.Equal(history, second.Summary!.CachedPromptTokens);
        Assert.Equal(5, session.Messages.Count); // system, user, assistant, user, assistant
        Assert.Equal("assistant", session.Messages[^1].Role);
    }

    [Fact]
    public async Task StartTurnAsync_FullHistoryAndNewMessageOnly_SameAnswer()
    {
        var full = _sessions.GetOrCreate("full", _model)!;
        var incremental = _sessions.GetOrCreate("incremental", _model)!;
        var firstAnswer = (await TurnAsync(full, [System, First])).Text;
        Assert.Equal(firstAnswer, (await TurnAsync(incremental, [System, First])).Text);

        var fromFull = await TurnAsync(full, [System, First, new ChatMessage("assistant", firstAnswer), Second]);
        var fromNew = await TurnAsync(incremental, [Second]);

        Assert.Equal(fromNew.Tokens, fromFull.Tokens);
        Assert.Equal(full.HistoryTokens, incremental.HistoryTokens);
        Assert.Equal(fromNew.Summary!.CachedPromptTokens, fromFull.Summary!.CachedPromptTokens);
    }

    [Fact]
    public async Task ExportThenImport_OnAnotherGrainOfTheSameModel_ContinuesIdentically()
    {
        var reference = _sessions.GetOrCreate("reference", _model)!;
        await TurnAsync(reference, [System, First]);
        var expected = await TurnAsync(reference, [Second]);

        var moving = _sessions.GetOrCreate("moving", _model)!;
        await TurnAsync(moving, [System, First]);
        var export = await moving.ExportAsync(CancellationToken.None);
        await using var otherSilo = await LoadAsync(fixture.ModelPath);
        using var otherDirectory = new SessionDirectory(new SessionOptions(), _clock);

        Assert.Equal(SessionImportResult.Imported, await otherDirectory.ImportAsync(export, otherSilo));
        var continued = await TurnAsync(otherDirectory.Find("moving")!, [Second]);

        Assert.Equal(expected.Tokens, continued.Tokens);
        Assert.Equal(export.HistoryTokens.Count, continued.Summary!.CachedPromptTokens);
        Assert.Equal(1, otherSilo.SessionCounters.Restored);
    }

    [Fact]
    public async Task ImportAsync_DifferentWeights_RefusedAsModelMismatch()
    {
        var session = _sessions.GetOrCreate("s", _model)!;
        await TurnAsync(session, [First]);
        var export = await session.ExportAsync(CancellationToken.None);
        await using var otherModel = await LoadAsync(fixture.OtherModelPath);
        using var otherDirectory = new SessionDirectory(new SessionOptions(), _clock);

        Assert.NotEqual(_model.Fingerprint, otherModel.Fingerprint);
        Assert.Equal(SessionImportResult.ModelMismatch, await otherDirectory.ImportAsync(export, otherModel));
        Assert.Equal(SessionImportResult.UnknownVersion, await otherDirectory.ImportAsync(export with { Version = 99 }, _model));
        Assert.Equal(0, otherDirectory.Count);
    }

    [Fact]
    public async Task FenceAndExportAsync_TurnOutlastsTheWait_NoExportAndTheFenceLifted()
    {
        var session = _sessions.GetOrCreate("slow", _model)!;

        // The turn holds the session until its stream has been read.
        var running = await session.StartTurnAsync([First], Greedy, CancellationToken.None);
        var handover = await session.FenceAndExportAsync("move-1", TimeSpan.FromMilliseconds(20), TimeSpan.FromMinutes(2), CancellationToken.None);
        var fencedAfterGivingUp = session.Fenced;
        await foreach (var _ in running.Stream!)
        {
        }

        var next = await session.StartTurnAsync([Second], Greedy, CancellationToken.None);

        Assert.Equal(new Handover(HandoverStatus.TurnRunning, null), handover);
        Assert.False(fencedAfterGivingUp);
        Assert.Equal(AdmissionStatus.Accepted, next.Status);
        await foreach (var _ in next.Stream!)
        {
        }

        Assert.Equal(4, session.Messages.Count);
    }

    [Fact]
    public async Task FenceAndExportAsync_MoverNeverFinishes_FenceRunsOutAfterItsLease()
    {
        var session = _sessions.GetOrCreate("orphaned", _model)!;
        await TurnAsync(session, [First]);
        var export = (await session.FenceAndExportAsync("move-1", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), CancellationToken.None)).Export;

        var refused = await session.StartTurnAsync([Second], Greedy, CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(2) - TimeSpan.FromTicks(1));
        var fencedAtTheEnd = session.Fenced;
        _clock.Advance(TimeSpan.FromTicks(1));
        var next = await session.StartTurnAsync([Second], Greedy, CancellationToken.None);
        await foreach (var _ in next.Stream!)
        {
        }

        Assert.NotNull(export);
        Assert.Equal(AdmissionStatus.SessionMoved, refused.Status);
        Assert.True(fencedAtTheEnd);
        Assert.Equal(AdmissionStatus.Accepted, next.Status);
        Assert.Equal(4, session.Messages.Count);
    }

    [Fact]
    public async Task FenceAndExportAsync_AnotherMoveWhileFenced_RefusedUntilTheFirstLiftsItsFence()
    {
        var session = _sessions.GetOrCreate("contested", _model)!;
        await TurnAsync(session, [First]);
        var first = await session.FenceAndExportAsync("move-1", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), CancellationToken.None);

        var second = await session.FenceAndExportAsync("move-2", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), CancellationToken.None);
        var liftedByTheOther = session.Unfence("move-2");
        var firstAgain = await session.FenceAndExportAsync("move-1", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), CancellationToken.None);
        var liftedByItsOwner = session.Unfence("move-1");
        var secondAfterwards = await session.FenceAndExportAsync("move-2", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), CancellationToken.None);

        Assert.Equal(HandoverStatus.Exported, first.Status);
        Assert.Equal(new Handover(HandoverStatus.AnotherMove, null), second);
        Assert.False(liftedByTheOther);
        Assert.Equal(HandoverStatus.Exported, firstAgain.Status);
        Assert.Equal(first.Export!.HistoryTokens, firstAgain.Export!.HistoryTokens);
        Assert.True(liftedByItsOwner);
        Assert.Equal(HandoverStatus.Exported, secondAfterwards.Status);
        Assert.Equal("move-2", session.FenceHolder);
    }

    [Fact]
    public async Task EndAsync_AfterFencedExport_IdRefusedForThirtySeconds()
    {
        var session = _sessions.GetOrCreate("gone", _model)!;
        await TurnAsync(session, [First]);
        var export = (await session.FenceAndExportAsync("move-1", TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2), CancellationToken.None)).Export;
        var refusedTurn = await session.StartTurnAsync([Second], Greedy, CancellationToken.None);
        await _sessions.EndAsync("gone");

        var recreatedAtOnce = _sessions.GetOrCreate("gone", _model);
        var movedAway = _sessions.MovedAway("gone");
        _clock.Advance(TimeSpan.FromSeconds(30));
        var recreatedLater = _sessions.GetOrCreate("gone", _model);

        Assert.NotNull(export);
        Assert.Equal(AdmissionStatus.SessionMoved, refusedTurn.Status);
        Assert.Null(recreatedAtOnce);
        Assert.True(movedAway);
        Assert.NotNull(recreatedLater);
        Assert.False(recreatedLater.Fenced);
        Assert.Empty(recreatedLater.Messages);
    }

    [Fact]
    public async Task ExpireIdleAsync_PastTimeToLive_EndsSessionAndFreesKv()
    {
        var session = _sessions.GetOrCreate("idle", _model)!;
        await TurnAsync(session, [First]);
        _clock.Advance(TimeSpan.FromMinutes(4));
        Assert.Equal(0, await _sessions.ExpireIdleAsync());
        Assert.Equal(1, _model.SessionCounters.Sessions);

        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(1, await _sessions.ExpireIdleAsync());
        Assert.Null(_sessions.Find("idle"));
        Assert.Equal(0, _model.SessionCounters.Sessions);
        Assert.Equal(0, _model.Load.KvTokensUsed);
    }

    private static async Task<ModelGrain> LoadAsync(string path)
    {
        var grain = new ModelGrain(new ModelGrainOptions { Path = path, Scheduler = new() { Sequences = 2, ContextPerSequence = 512, StepTokenBudget = 64 } }, NullLogger<ModelGrain>.Instance);
        await grain.LoadAsync(null, CancellationToken.None);
        Assert.Equal(ModelGrainStatus.Ready, grain.Status);
        return grain;
    }

    private static async Task<TurnOutput> TurnAsync(SessionGrain session, IReadOnlyList<ChatMessage> messages)
    {
        var admission = await session.StartTurnAsync(messages, Greedy, CancellationToken.None);
        Assert.Equal(AdmissionStatus.Accepted, admission.Status);
        var text = new System.Text.StringBuilder();
        var tokens = new List<int>();
        GenerationSummary? summary = null;
        await foreach (var chunk in admission.Stream!)
        {
            text.Append(chunk.Text);
            tokens.AddRange(chunk.Tokens.Select(token => token.Value));
            summary = chunk.Summary ?? summary;
        }

        return new TurnOutput(text.ToString(), tokens, summary);
    }

    private sealed record TurnOutput(string Text, List<int> Tokens, GenerationSummary? Summary);
}
