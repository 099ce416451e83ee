using System.Net;
using System.Text;
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
        Assert.Equal(HttpStatusCode.NoContent, await http.EndSessionAsync(id));
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
        await http.EndSessionAsync(full);
        await http.EndSessionAsync(incremental);
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
        Assert.Equal(HttpStatusCode.NoContent, await http.EndSessionAsync(id));
    }

    [Fact]
    public async Task CreateChatCompletion_SessionLimitReached_429()
    {
        var http = fixture.Other.Http;
        var ids = Enumerable.Range(0, SessionSilosFixture.OtherMaxSessions).Select(_ => SessionHttp.NewSessionId("limit")).ToList();
        foreach (var id in ids)
        {
            await http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), """{"max_tokens":1}""");
        }

        using var refused = await http.ChatAsync(SessionHttp.NewSessionId("limit"), SessionHttp.Messages(("user", "Hi")), """{"max_tokens":1}""");
        foreach (var id in ids)
        {
            await http.EndSessionAsync(id);
        }

        await refused.AssertErrorAsync(HttpStatusCode.TooManyRequests, null, "session_limit_reached", "rate_limit_error");
        Assert.Equal("5", refused.Headers.GetValues("Retry-After").Single());
        using var afterEnd = await http.ChatAsync(SessionHttp.NewSessionId("limit"), SessionHttp.Messages(("user", "Hi")), """{"max_tokens":1}""");
        Assert.Equal(HttpStatusCode.OK, afterEnd.StatusCode);
        await http.EndSessionAsync(afterEnd.Headers.GetValues("X-Session-Id").Single());
    }
}
