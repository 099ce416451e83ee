using System.Net;
using System.Text.Json;
using Cluster.Grains.Sessions;
using Cluster.Silo.Tests.Fixtures;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.Sessions;

[Collection(SessionSilosCollection.Name)]
public sealed class InteractiveApiTests(SessionSilosFixture fixture)
{
    private const string Greedy = """{"temperature":0,"ignore_eos":true}""";

    [Fact]
    public async Task ChatInteractive_ServerAssignedIdTwoTurnsThenEnd_ExactHistoryAndSessionFreed()
    {
        var http = fixture.Primary.Http;
        var first = await http.InteractiveAsync(Generate.Merge(Greedy, """{"prompt":"Hello","session_id":-1,"interactive_mode":true,"request_output_len":5}"""));
        var id = first.GetProperty("session_id").GetRawText();
        var second = await http.InteractiveAsync(Generate.Merge(Greedy, $$"""{"prompt":"Go on","session_id":{{id}},"interactive_mode":true,"request_output_len":5}"""));
        var listed = (await fixture.Primary.ListSessionsAsync()).Single(session => session.Key == SessionKeys.ForInteractive(id));

        var end = await http.InteractiveAsync($$"""{"prompt":"","session_id":{{id}},"interactive_mode":false}""");

        var firstInput = fixture.FirstTurnTokens(new EngineMessage("user", "Hello"));
        var secondInput = fixture.LaterTurnTokens(new EngineMessage("user", "Go on"));
        Assert.Equal(JsonValueKind.Number, first.GetProperty("session_id").ValueKind);
        Assert.DoesNotContain('-', id);
        AssertAnswer(first, tokens: 5, firstInput, history: 0, "length");
        AssertAnswer(second, tokens: 5, secondInput, history: firstInput + 5 + 1, "length");
        Assert.Equal(id, second.GetProperty("session_id").GetRawText());
        Assert.Equal(("tiny", 4), (listed.Model, listed.Messages));
        Assert.Equal(firstInput + 5 + 1 + secondInput + 5 + 1, listed.HistoryTokens);
        Assert.Equal("""{"text":"","tokens":0,"input_tokens":0,"history_tokens":0,"finish_reason":"end","session_id":ID}""".Replace("ID", id, StringComparison.Ordinal), end.GetRawText());
        Assert.DoesNotContain(await fixture.Primary.ListSessionsAsync(), session => session.Key == SessionKeys.ForInteractive(id));
        Assert.InRange(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), 1L << 20, (1L << 53) - 1);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ChatInteractive_CancelDuringTurn_TurnEndsWithAbortAndHistoryUnchanged(bool turnSentToAnotherSilo)
    {
        var http = fixture.Primary.Http;
        var id = SessionHttp.NewSessionId("cancel");
        var turn = $$"""{"session_id":"{{id}}","interactive_mode":true,"temperature":0,"ignore_eos":true""";
        var first = await http.InteractiveAsync(turn + ""","prompt":"Hi","request_output_len":3}""");
        var history = first.GetProperty("input_tokens").GetInt32() + 3 + 1;

        // Long enough that it is still running when the cancel arrives; sent to the other silo, it runs on the owner, relayed.
        using var running = await (turnSentToAnotherSilo ? fixture.Twin.Http : http).PostAsync("/v1/chat/interactive", turn + ""","prompt":"Talk","request_output_len":4000,"stream":true}""", headersOnly: true);
        using var reader = new StreamReader(await running.Content.ReadAsStreamAsync());
        var firstLine = JsonDocument.Parse((await reader.ReadLineAsync())!).RootElement;
        var cancel = await http.InteractiveAsync($$"""{"session_id":"{{id}}","cancel":true}""");
        var lines = new List<JsonElement>();
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Add(JsonDocument.Parse(line).RootElement.Clone());
        }

        var after = await http.InteractiveAsync(turn + ""","prompt":"Again","request_output_len":2}""");

        Assert.Equal(JsonValueKind.Null, firstLine.GetProperty("finish_reason").ValueKind);
        Assert.Equal("stop", cancel.GetProperty("finish_reason").GetString());
        Assert.Equal("abort", lines[^1].GetProperty("finish_reason").GetString());
        Assert.InRange(lines[^1].GetProperty("tokens").GetInt32(), 1, 3999);
        Assert.Equal(history, lines[^1].GetProperty("history_tokens").GetInt32());
        Assert.Equal(history, after.GetProperty("history_tokens").GetInt32());
        Assert.Equal(id, after.GetProperty("session_id").GetString());
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForInteractive(id)));
    }

    [Fact]
    public async Task ChatInteractive_StreamedOneOffTurn_NdjsonLinesAddUpToTheWholeAnswer()
    {
        var http = fixture.Primary.Http;
        var body = """{"prompt":"Tell me","session_id":-1,"request_output_len":6,"temperature":0.8,"seed":3,"ignore_eos":true}""";
        var whole = await http.InteractiveAsync(body);

        using var streamed = await http.PostAsync("/v1/chat/interactive", Generate.Merge(body, """{"stream":true}"""));
        var raw = await streamed.Content.ReadAsStringAsync();

        Assert.Equal("application/x-ndjson", streamed.ContentType()?.MediaType);
        Assert.EndsWith("}\n", raw, StringComparison.Ordinal);
        var lines = raw[..^1].Split('\n').Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.All(lines[..^1], line => Assert.Equal(JsonValueKind.Null, line.GetProperty("finish_reason").ValueKind));
        Assert.Equal(whole.GetProperty("text").GetString(), string.Concat(lines.Select(line => line.GetProperty("text").GetString())));
        AssertAnswer(whole, tokens: 6, fixture.FirstTurnTokens(new EngineMessage("user", "Tell me")), history: 0, "length");
        AssertAnswer(lines[^1], tokens: 6, fixture.FirstTurnTokens(new EngineMessage("user", "Tell me")), history: 0, "length");
        var assigned = whole.GetProperty("session_id").GetRawText();
        Assert.DoesNotContain(await fixture.Primary.ListSessionsAsync(), session => session.Key == SessionKeys.ForInteractive(assigned));
    }

    [Fact]
    public async Task ChatInteractive_EmptyInteractivePromptOrUnknownSessionCancel_OpenAIErrors()
    {
        var http = fixture.Primary.Http;

        using var empty = await http.PostAsync("/v1/chat/interactive", """{"prompt":"","session_id":5,"interactive_mode":true}""");
        using var cancel = await http.PostAsync("/v1/chat/interactive", """{"session_id":"no-such-session","cancel":true}""");

        await empty.AssertErrorAsync(HttpStatusCode.BadRequest, "prompt", null);
        Assert.Equal("The session 'no-such-session' does not exist on this server.",
            await cancel.AssertErrorAsync(HttpStatusCode.NotFound, "session_id", "session_not_found"));
    }

    private static void AssertAnswer(JsonElement answer, int tokens, int input, int history, string finishReason)
    {
        Assert.Equal(tokens, answer.GetProperty("tokens").GetInt32());
        Assert.Equal(input, answer.GetProperty("input_tokens").GetInt32());
        Assert.Equal(history, answer.GetProperty("history_tokens").GetInt32());
        Assert.Equal(finishReason, answer.GetProperty("finish_reason").GetString());
    }
}
