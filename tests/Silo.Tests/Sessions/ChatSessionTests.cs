using System.Net;
using System.Text;
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
        var text = new StringBuilder();
        foreach (var chunk in events.Where(chunk => chunk.GetProperty("choices").GetArrayLength() > 0))
        {
            text.Append(chunk.GetProperty("choices")[0].GetProperty("delta").TryGetProperty("content", out var content) ? content.GetString() : null);
        }

        Assert.Equal(incremental, streamed.Headers.GetValues("X-Session-Id").Single());
        Assert.Equal(fromFull.Content(), text.ToString());
        Assert.NotEqual(first, text.ToString());
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
    public async Task CreateChatCompletion_TurnSentToASiloThatDoesNotHoldTheSession_409SessionMovedNamingTheOwner()
    {
        var id = SessionHttp.NewSessionId("elsewhere");
        await fixture.Primary.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), Greedy);

        using var response = await fixture.Twin.Http.ChatAsync(id, SessionHttp.Messages(("user", "Again")), Greedy);

        await response.AssertErrorAsync(HttpStatusCode.Conflict, "session_id", "session_moved");
        Assert.Equal(fixture.Primary.BaseAddress.ToString().TrimEnd('/'), response.Headers.GetValues("X-Cluster-Owner").Single());
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
}
