using System.Net;
using Cluster.Grains.Sessions;
using Cluster.Silo.Tests.Fixtures;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.Sessions;

[Collection(SessionSilosCollection.Name)]
public sealed class ChatSessionTests(SessionSilosFixture fixture)
{
    private const string Greedy = """{"max_tokens":6,"temperature":0,"ignore_eos":true}""";

    // Greedy output of random weights repeats one token; seeded sampling shows that the whole state agrees.
    private const string Seeded = """{"max_tokens":8,"temperature":0.9,"seed":7,"ignore_eos":true}""";

    [Fact]
    public async Task CreateChatCompletion_SecondTurnOfSession_CachedTokensEqualFirstTurnHistory()
    {
        var http = fixture.Primary.Http;
        var id = SessionHttp.NewSessionId("cached");
        using var first = await http.ChatAsync(id, SessionHttp.Messages(("user", "Hello there")), Greedy);
        var firstAnswer = await first.ReadJsonAsync();

        var second = await http.ChatTurnAsync(id, SessionHttp.Messages(("user", "And then?")), Greedy);

        // History after turn 1: its prompt, the 6 answer tokens and the <|eot_id|> that closes the turn.
        var history = fixture.FirstTurnTokens(new EngineMessage("user", "Hello there")) + 6 + 1;
        Assert.Equal(id, first.Headers.GetValues("X-Session-Id").Single());
        Assert.Equal(history - 7, firstAnswer.Usage("prompt_tokens"));
        Assert.Equal(history, second.Usage("cached_tokens"));
        Assert.Equal(history + fixture.LaterTurnTokens(new EngineMessage("user", "And then?")), second.Usage("prompt_tokens"));
        Assert.Equal(6, second.Usage("completion_tokens"));
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(id)));
    }

    [Fact]
    public async Task CreateChatCompletion_FullHistoryOrNewMessageOnly_SameAnswerStreamedOrNot()
    {
        var http = fixture.Primary.Http;
        var full = SessionHttp.NewSessionId("full");
        var incremental = SessionHttp.NewSessionId("incremental");
        var first = (await http.ChatTurnAsync(full, SessionHttp.Messages(("system", "Be brief."), ("user", "Hi")), Seeded)).Content();
        Assert.Equal(first, (await http.ChatTurnAsync(incremental, SessionHttp.Messages(("system", "Be brief."), ("user", "Hi")), Seeded)).Content());

        var fromFull = await http.ChatTurnAsync(full, SessionHttp.Messages(("system", "Be brief."), ("user", "Hi"), ("assistant", first), ("user", "More")), Seeded);
        using var streamed = await http.ChatAsync(incremental, SessionHttp.Messages(("user", "More")),
            Generate.Merge(Seeded, """{"stream":true,"stream_options":{"include_usage":true}}"""));
        var events = EventStream.ParseJson(await streamed.Content.ReadAsStringAsync());
        var text = EventStream.ChatText(events);

        Assert.Equal(incremental, streamed.Headers.GetValues("X-Session-Id").Single());
        Assert.Equal(fromFull.Content(), text);
        Assert.NotEqual(first, text);
        Assert.Equal(fromFull.Usage("prompt_tokens"), events[^1].Usage("prompt_tokens"));
        Assert.Equal(fromFull.Usage("cached_tokens"), events[^1].Usage("cached_tokens"));
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(full)));
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(incremental)));
    }

    [Fact]
    public async Task CreateChatCompletion_SessionOfAnotherModel_400Model()
    {
        var http = fixture.Other.Http;
        var id = SessionHttp.NewSessionId("model");
        await http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), """{"max_tokens":1}""");

        using var response = await http.ChatAsync(id, SessionHttp.Messages(("user", "Hi")), """{"model":"second","max_tokens":1}""");

        var message = await response.AssertErrorAsync(HttpStatusCode.BadRequest, "model", "session_model_mismatch");
        Assert.Equal($"The session '{id}' was built on model 'tiny', not 'second'; send model 'tiny' or use another session id.", message);
        Assert.True(await fixture.Other.EndSessionAsync(SessionKeys.ForHeader(id)));
    }

    [Fact]
    public async Task CreateChatCompletion_TurnSentToASiloThatDoesNotHoldTheSession_RunsOnTheOwnerWithItsCachedHistory()
    {
        var (id, control) = await TwoSessionsOnPrimaryAsync("elsewhere");

        var relayed = await fixture.Twin.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Again")), Seeded);
        var direct = await fixture.Primary.Http.ChatTurnAsync(control, SessionHttp.Messages(("user", "Again")), Seeded);

        var history = fixture.FirstTurnTokens(new EngineMessage("user", "Hi")) + 8 + 1;
        Assert.Equal(("primary", 4), await fixture.Primary.DescribeAsync(SessionKeys.ForHeader(id)));
        Assert.Equal(history, relayed.Usage("cached_tokens"));
        Assert.Equal(history + fixture.LaterTurnTokens(new EngineMessage("user", "Again")), relayed.Usage("prompt_tokens"));
        Assert.Equal(direct.Content(), relayed.Content());
        await EndOnPrimaryAsync(id, control);
    }

    [Fact]
    public async Task CreateChatCompletion_StreamedTurnRelayedFromAnotherSilo_SameEventsAsOnTheOwner()
    {
        var (id, control) = await TwoSessionsOnPrimaryAsync("relay-stream");

        var streaming = Generate.Merge(Seeded, """{"stream":true,"stream_options":{"include_usage":true}}""");
        using var relayed = await fixture.Twin.Http.ChatAsync(id, SessionHttp.Messages(("user", "Again")), streaming);
        using var direct = await fixture.Primary.Http.ChatAsync(control, SessionHttp.Messages(("user", "Again")), streaming);
        var relayedEvents = EventStream.ParseJson(await relayed.Content.ReadAsStringAsync());
        var directEvents = EventStream.ParseJson(await direct.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, relayed.StatusCode);
        // Chunk boundaries follow the reader's pace (tokens waiting are sent together); the text and its end do not.
        Assert.Equal(EventStream.ChatText(directEvents), EventStream.ChatText(relayedEvents));
        Assert.Equal(FinishReasons(directEvents), FinishReasons(relayedEvents));
        Assert.Equal(directEvents[^1].Usage("cached_tokens"), relayedEvents[^1].Usage("cached_tokens"));
        Assert.Equal(directEvents[^1].Usage("completion_tokens"), relayedEvents[^1].Usage("completion_tokens"));
        await EndOnPrimaryAsync(id, control);
    }

    [Fact]
    public async Task CreateChatCompletion_ClientLeavesARelayedStream_TurnStopsAndIsNotRecorded()
    {
        var id = SessionHttp.NewSessionId("relay-abort");
        await fixture.Primary.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), Greedy);
        using (var abandoned = await fixture.Twin.Http.ChatAsync(id, SessionHttp.Messages(("user", "Go on forever")),
            """{"max_tokens":3000,"temperature":0,"ignore_eos":true,"stream":true}""", headersOnly: true))
        {
            using var reader = new StreamReader(await abandoned.Content.ReadAsStreamAsync());
            Assert.StartsWith("data: ", await reader.ReadLineAsync());
        }

        // The next turn waits for the abandoned one to stop; it continues from the first turn's history only.
        var next = await fixture.Primary.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Again")), Greedy);

        var history = fixture.FirstTurnTokens(new EngineMessage("user", "Hi")) + 6 + 1;
        Assert.Equal(history + fixture.LaterTurnTokens(new EngineMessage("user", "Again")), next.Usage("prompt_tokens"));
        Assert.Equal(("primary", 4), await fixture.Primary.DescribeAsync(SessionKeys.ForHeader(id)));
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(id)));
    }

    [Fact]
    public async Task CreateChatCompletion_RelayedTurnOfAnotherCaller_404AndNothingRecorded()
    {
        var id = SessionHttp.NewSessionId("relay-owned");
        await fixture.Primary.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), Greedy, caller: "key_a");

        using var stranger = await fixture.Twin.Http.ChatAsync(id, SessionHttp.Messages(("user", "Mine now")), Greedy, caller: "key_b");

        Assert.Equal($"The session '{id}' does not exist on this server.", await stranger.AssertErrorAsync(HttpStatusCode.NotFound, "session_id", "session_not_found"));
        Assert.Equal(("primary", 2), await fixture.Primary.DescribeAsync(SessionKeys.ForHeader(id)));
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(id)));
    }

    [Fact]
    public async Task CreateChatCompletion_AnotherCallersSession_404AndTheOwnerContinues()
    {
        var id = SessionHttp.NewSessionId("owned");
        await fixture.Primary.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), Greedy, caller: "key_a");

        using var stranger = await fixture.Primary.Http.ChatAsync(id, SessionHttp.Messages(("user", "Mine now")), Greedy, caller: "key_b");
        var owner = await fixture.Primary.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Again")), Greedy, caller: "key_a");

        Assert.Equal($"The session '{id}' does not exist on this server.", await stranger.AssertErrorAsync(HttpStatusCode.NotFound, "session_id", "session_not_found"));
        Assert.Equal(fixture.FirstTurnTokens(new EngineMessage("user", "Hi")) + 6 + 1, owner.Usage("cached_tokens"));
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(id)));
    }

    // A session and its control twin, each with the same first turn on the primary silo.
    private async Task<(string Id, string Control)> TwoSessionsOnPrimaryAsync(string name)
    {
        var (id, control) = (SessionHttp.NewSessionId(name), SessionHttp.NewSessionId(name + "-control"));
        foreach (var session in new[] { id, control })
        {
            await fixture.Primary.Http.ChatTurnAsync(session, SessionHttp.Messages(("user", "Hi")), Seeded);
        }

        return (id, control);
    }

    private async Task EndOnPrimaryAsync(params string[] ids)
    {
        foreach (var id in ids)
        {
            Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(id)));
        }
    }

    private static string[] FinishReasons(IReadOnlyList<System.Text.Json.JsonElement> events) =>
        [.. events.Where(chunk => chunk.GetProperty("choices").GetArrayLength() > 0)
            .Select(chunk => chunk.GetProperty("choices")[0].GetProperty("finish_reason").ToString()).Where(reason => reason.Length > 0)];
}
