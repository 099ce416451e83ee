using Cluster.Grains.Models;
using Cluster.Grains.Sessions;
using Cluster.Grains.Tests.Fixtures;
using Cluster.Inference.Text;

namespace Cluster.Grains.Tests.Sessions;

[Collection(TinyModelsCollection.Name)]
public sealed class SessionRuntimeTests(TinyModelsFixture fixture) : IAsyncLifetime
{
    private static readonly ChatMessage System = new("system", "You are terse.");
    private static readonly ChatMessage First = new("user", "Hello there!");
    private static readonly ChatMessage Second = new("user", "And then what happened?");
    private readonly ManualClock _clock = new();
    private readonly List<SessionRecord> _records = [];
    private int _confirmed;
    private ModelHost _model = null!;

    public async Task InitializeAsync() => _model = await TestModels.LoadAsync(fixture.ModelPath);

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task StartTurnAsync_SecondTurn_CachedTokensEqualHistoryLengthAndTheConversationIsPersisted()
    {
        using var session = New("a", []);
        await TurnAsync(session, [System, First]);
        var history = session.HistoryTokens;

        var second = await TurnAsync(session, [Second]);

        Assert.Equal(history, second.Summary!.CachedPromptTokens);
        Assert.Equal(2, _records.Count);
        Assert.Equal(["system", "user", "assistant", "user", "assistant"], _records[^1].Messages.Select(message => message.Role));
        Assert.Equal(second.Text, _records[^1].Messages[^1].Content);
        Assert.Equal(session.HistoryTokens, _records[^1].HistoryTokens);
    }

    [Fact]
    public async Task StartTurnAsync_FullHistoryAndNewMessageOnly_SameAnswer()
    {
        using var full = New("full", []);
        using var incremental = New("incremental", []);
        var firstAnswer = (await TurnAsync(full, [System, First])).Text;
        await TurnAsync(incremental, [System, First]);

        var fromFull = await TurnAsync(full, [System, First, new ChatMessage("assistant", firstAnswer), Second]);
        var fromNew = await TurnAsync(incremental, [Second]);

        Assert.Equal(fromNew.Tokens, fromFull.Tokens);
        Assert.Equal(full.HistoryTokens, incremental.HistoryTokens);
        Assert.Equal(fromNew.Summary!.CachedPromptTokens, fromFull.Summary!.CachedPromptTokens);
    }

    [Fact]
    public async Task StartTurnAsync_RuntimeRebuiltFromStoredMessages_SameAsTheWholeConversationSentToANewSession()
    {
        using var kept = New("kept", []);
        await TurnAsync(kept, [System, First]);
        var stored = _records[^1].Messages.Select(message => new ChatMessage(message.Role, message.Content)).ToList();
        using var rebuilt = New("rebuilt", stored);
        using var resent = New("resent", []);

        var fromHistory = await TurnAsync(rebuilt, [Second]);
        var fromWhole = await TurnAsync(resent, [.. stored, Second]);

        Assert.Equal(fromWhole.Tokens, fromHistory.Tokens);
        Assert.Equal((0, 0), (fromHistory.Summary!.CachedPromptTokens, fromWhole.Summary!.CachedPromptTokens));
        Assert.Equal(resent.HistoryTokens, rebuilt.HistoryTokens);
        Assert.Equal(["system", "user", "assistant", "user", "assistant"], _records[^2].Messages.Select(message => message.Role));
    }

    [Fact]
    public async Task StartTurnAsync_TurnReadToItsEnd_RecordedUndeliveredThenConfirmed()
    {
        using var session = New("confirmed", []);

        await TurnAsync(session, [System, First]);

        Assert.Equal(3, Assert.Single(_records).UndeliveredMessages);
        Assert.Equal(1, _confirmed);
    }

    [Fact]
    public async Task StartTurnAsync_UndeliveredTurnSentAgain_ReplacedInsteadOfRepeated()
    {
        using var kept = New("kept-once", []);
        var delivered = await TurnAsync(kept, [First]);
        var stored = _records[^1].Messages.Select(message => new ChatMessage(message.Role, message.Content)).ToList();
        using var undelivered = New("undelivered", stored, undelivered: 2);
        using var delivered2 = New("delivered", stored, undelivered: 0);

        var retried = await TurnAsync(undelivered, [First]);
        var repeated = await TurnAsync(delivered2, [First]);

        Assert.Equal(delivered.Tokens, retried.Tokens);
        Assert.Equal(["user", "assistant"], _records[^2].Messages.Select(message => message.Role));
        Assert.Equal(["user", "assistant", "user", "assistant"], _records[^1].Messages.Select(message => message.Role));
        Assert.Equal(kept.HistoryTokens, undelivered.HistoryTokens);
    }

    [Fact]
    public async Task FenceAsync_AfterATurn_LaterTurnsRefusedAsMoved()
    {
        using var session = New("fenced", []);
        await TurnAsync(session, [First]);

        Assert.True(await session.FenceAsync(TimeSpan.FromSeconds(5), CancellationToken.None));
        var refused = await session.StartTurnAsync([Second], TestModels.Greedy, CancellationToken.None);

        Assert.Equal(AdmissionStatus.SessionMoved, refused.Status);
        Assert.Single(_records);
    }

    [Fact]
    public async Task FenceAsync_TurnOutlastsTheWait_FalseAndTheSessionServesOn()
    {
        using var session = New("slow", []);
        var running = await session.StartTurnAsync([First], TestModels.Greedy with { MaxTokens = 400 }, CancellationToken.None);

        var fenced = await session.FenceAsync(TimeSpan.FromMilliseconds(1), CancellationToken.None);
        await TestModels.ReadAsync(running);
        var next = await TurnAsync(session, [Second]);

        Assert.False(fenced);
        Assert.False(session.Fenced);
        Assert.Equal(6, next.Tokens.Count);
    }

    private static async Task<TurnOutput> TurnAsync(SessionRuntime session, IReadOnlyList<ChatMessage> messages) =>
        await TestModels.ReadAsync(await session.StartTurnAsync(messages, TestModels.Greedy, CancellationToken.None));

    private SessionRuntime New(string id, IReadOnlyList<ChatMessage> stored, int undelivered = 0) =>
        new(id, _model, new StoredConversation(stored, undelivered), new SessionPersistence(record =>
        {
            lock (_records)
            {
                _records.Add(record);
            }

            return Task.CompletedTask;
        }, () =>
        {
            Interlocked.Increment(ref _confirmed);
            return Task.CompletedTask;
        }), _clock);
}
