using Cluster.Inference.Generation;
using Cluster.Inference.Native;
using Cluster.Inference.Sampling;
using Cluster.Inference.Scheduling;
using Cluster.Inference.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cluster.Inference.Tests.Scheduling;

[Collection(TinyModelCollection.Name)]
public sealed class SessionResidencyTests(TinyModelFixture fixture)
{
    [Fact]
    public async Task SecondTurn_SameSession_CachedTokensEqualHistoryLength()
    {
        await using var scheduler = Scheduler(sequences: 2);

        var (history, first) = await TurnAsync(scheduler, "chat", [], "Hello, who are you?");
        var (_, second) = await TurnAsync(scheduler, "chat", history, "Tell me more.");

        Assert.Equal(0, first.Summary.CachedPromptTokens);
        Assert.Equal(history.Count, second.Summary.CachedPromptTokens);
        Assert.Equal(1, scheduler.SessionCounters.Sessions);
        Assert.Equal(1, scheduler.SessionCounters.Resident);
    }

    [Fact]
    public async Task EvictToHostThenRestore_ContinuesIdenticallyToNoEviction()
    {
        var reference = await TwoTurnsAsync(Scheduler(sequences: 1), evictBetween: false);
        await using var scheduler = Scheduler(sequences: 1);

        var evicted = await TwoTurnsAsync(scheduler, evictBetween: true);

        Assert.Equal(reference.Second.TokenIds, evicted.Second.TokenIds);
        Assert.Equal(evicted.History.Count, evicted.Second.Summary.CachedPromptTokens);
        var counters = scheduler.SessionCounters;
        Assert.Equal((1L, 1L, 0L, 0L), (counters.EvictedToHost, counters.Restored, counters.Dropped, counters.Rebuilt));
    }

    [Fact]
    public async Task DropThenRebuild_HostBudgetZero_ContinuesIdentically()
    {
        var reference = await TwoTurnsAsync(Scheduler(sequences: 1), evictBetween: false);
        await using var scheduler = Scheduler(sequences: 1, hostBudget: 0);

        var rebuilt = await TwoTurnsAsync(scheduler, evictBetween: true);

        Assert.Equal(reference.Second.TokenIds, rebuilt.Second.TokenIds);
        Assert.Equal(0, rebuilt.Second.Summary.CachedPromptTokens);
        var counters = scheduler.SessionCounters;
        Assert.Equal((0L, 0L, 1L, 1L), (counters.EvictedToHost, counters.Restored, counters.Dropped, counters.Rebuilt));
    }

    [Fact]
    public async Task ExportThenImportElsewhere_ContinuesIdentically()
    {
        var reference = await TwoTurnsAsync(Scheduler(sequences: 1), evictBetween: false);
        await using var source = Scheduler(sequences: 2);
        await using var target = Scheduler(sequences: 2);

        var (history, _) = await TurnAsync(source, "moving", [], FirstMessage);
        var snapshot = await source.ExportSessionAsync("moving");
        Assert.NotNull(snapshot);
        Assert.Equal(history.Select(t => t.Value), snapshot.Tokens.Select(t => t.Value));
        Assert.NotEmpty(snapshot.KvState);
        await target.ImportSessionAsync(snapshot);
        var (_, second) = await TurnAsync(target, "moving", history, SecondMessage);

        Assert.Equal(reference.Second.TokenIds, second.TokenIds);
        Assert.Equal(history.Count, second.Summary.CachedPromptTokens);
        Assert.Equal(1, target.SessionCounters.Restored);
    }

    [Fact]
    public async Task EndSession_FreesItsKv()
    {
        await using var scheduler = Scheduler(sequences: 2);
        await TurnAsync(scheduler, "short-lived", [], FirstMessage);
        Assert.True(scheduler.Load.KvTokensUsed > 0);

        await scheduler.EndSessionAsync("short-lived");
        await Generate.WaitIdleAsync(scheduler);

        Assert.Equal(0, scheduler.SessionCounters.Sessions);
        Assert.Equal(0, scheduler.Load.KvTokensUsed);
        Assert.Null(await scheduler.ExportSessionAsync("short-lived"));
    }

    private const string FirstMessage = "Hello, who are you?";
    private const string SecondMessage = "Tell me more about that.";

    private async Task<(List<LlamaToken> History, GenerationOutput Second)> TwoTurnsAsync(BatchScheduler scheduler, bool evictBetween)
    {
        await using (scheduler)
        {
            var (history, _) = await TurnAsync(scheduler, "s", [], FirstMessage);
            if (evictBetween)
            {
                // A stateless request needs the only slot: the idle session's KV has to move out.
                await Generate.CollectAsync(scheduler, new GenerationRequest { Prompt = Tokens("unrelated text without BOS", false), Sampling = SamplingOptions.Greedy, MaxTokens = 4, IgnoreEos = true });
            }

            var (_, second) = await TurnAsync(scheduler, "s", history, SecondMessage);
            return (history, second);
        }
    }

    // One chat turn: the prompt is the history so far plus the new user message; the history grows by it and the answer.
    private async Task<(List<LlamaToken> History, GenerationOutput Output)> TurnAsync(BatchScheduler scheduler, string session, List<LlamaToken> history, string message)
    {
        var prompt = history.Count == 0 ? Tokens(message, true) : [.. history, .. Tokens(" " + message, false)];
        var output = await Generate.CollectAsync(scheduler, new GenerationRequest
        {
            Prompt = prompt,
            Sampling = SamplingOptions.Greedy,
            MaxTokens = 8,
            IgnoreEos = true,
            SessionKey = session,
        });
        return ([.. prompt, .. output.Tokens], output);
    }

    private BatchScheduler Scheduler(int sequences, long hostBudget = 1L << 30) => new(fixture.Model, new BatchSchedulerOptions
    {
        Sequences = sequences,
        ContextPerSequence = 256,
        StepTokenBudget = 64,
        SessionHostBudgetBytes = hostBudget,
    }, NullLogger.Instance);

    private LlamaToken[] Tokens(string text, bool addSpecial) => fixture.Model.Vocabulary.Tokenize(text, addSpecial, parseSpecial: false);
}
