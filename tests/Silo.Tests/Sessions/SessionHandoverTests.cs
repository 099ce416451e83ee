using System.Net;
using System.Text.Json;
using Cluster.Contracts.Sessions;
using Cluster.Grains.Sessions;
using Cluster.Silo.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;

namespace Cluster.Silo.Tests.Sessions;

[Collection(SessionSilosCollection.Name)]
public sealed class SessionHandoverTests(SessionSilosFixture fixture)
{
    private const string Greedy = """{"max_tokens":6,"temperature":0}""";
    private static readonly string First = SessionHttp.Messages(("user", "Where were we?"));
    private static readonly string Second = SessionHttp.Messages(("user", "Go on, please."));

    [Fact]
    public async Task HandOverSession_TurnAfterFence_409SessionMovedUntilCancelledThenContinuesAsWithoutFence()
    {
        var http = fixture.Primary.Http;
        var reference = SessionHttp.NewSessionId("unfenced");
        await http.ChatTurnAsync(reference, First, Greedy);
        var expected = await http.ChatTurnAsync(reference, Second, Greedy);
        var id = SessionHttp.NewSessionId("fenced");
        await http.ChatTurnAsync(id, First, Greedy);

        using var handover = await http.PostAsync($"/internal/sessions/{id}/handover", null);
        var export = JsonDocument.Parse(await handover.Content.ReadAsStringAsync()).RootElement;
        using var refused = await http.ChatAsync(id, Second, Greedy);
        using var lifted = await http.DeleteAsync($"/internal/sessions/{id}/handover");
        var continued = await http.ChatTurnAsync(id, Second, Greedy);

        var history = export.GetProperty("history_tokens").GetArrayLength();
        Assert.Equal(HttpStatusCode.OK, handover.StatusCode);
        Assert.Equal(id, export.GetProperty("session_id").GetString());
        Assert.Equal(2, export.GetProperty("messages").GetArrayLength());
        Assert.Equal(
            $"The session '{id}' is moving (or has moved) to another server, so this one takes no more of its turns; send the turn through the gateway again.",
            await refused.AssertErrorAsync(HttpStatusCode.Conflict, "session_id", "session_moved"));
        Assert.Equal(HttpStatusCode.NoContent, lifted.StatusCode);
        Assert.Equal(expected.Content(), continued.Content());
        Assert.Equal(history, continued.Usage("cached_tokens"));
        Assert.Equal(expected.Usage("cached_tokens"), continued.Usage("cached_tokens"));
        await http.EndSessionAsync(reference);
        await http.EndSessionAsync(id);
    }

    [Fact]
    public async Task HandOverSession_TurnRunning_ExportHoldsThatTurnAndLaterTurnsAreRefused()
    {
        var http = fixture.Primary.Http;
        var id = SessionHttp.NewSessionId("running");
        await http.ChatTurnAsync(id, First, Greedy);
        using var stream = await http.ChatAsync(id, Second, """{"max_tokens":200,"ignore_eos":true,"temperature":0,"stream":true}""", headersOnly: true);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await events.ReadLineAsync(), StringComparison.Ordinal);

        // The turn is running: the hand-over fences at once and exports once the turn has ended.
        var handover = http.PostAsync($"/internal/sessions/{id}/handover", null);
        var rest = await events.ReadToEndAsync();
        using var exported = await handover;
        var export = JsonDocument.Parse(await exported.Content.ReadAsStringAsync()).RootElement;
        using var refused = await http.ChatAsync(id, SessionHttp.Messages(("user", "And then?")), Greedy);

        var session = fixture.Primary.App.Services.GetRequiredService<SessionDirectory>().Find(id)!;
        Assert.EndsWith("data: [DONE]", rest.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal(["user", "assistant", "user", "assistant"], export.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal(session.HistoryTokens, export.GetProperty("history_tokens").GetArrayLength());
        Assert.True(session.Fenced);
        await refused.AssertErrorAsync(HttpStatusCode.Conflict, "session_id", "session_moved");
        await http.EndSessionAsync(id);
    }

    [Fact]
    public async Task EndSession_AfterHandover_TurnWithItsIdRefusedRatherThanStartedAfresh()
    {
        var http = fixture.Primary.Http;
        var id = SessionHttp.NewSessionId("ended");
        await http.ChatTurnAsync(id, First, Greedy);
        using (await http.PostAsync($"/internal/sessions/{id}/handover", null))
        {
        }

        var ended = await http.EndSessionAsync(id);
        using var refused = await http.ChatAsync(id, First, Greedy);

        Assert.Equal(HttpStatusCode.NoContent, ended);
        await refused.AssertErrorAsync(HttpStatusCode.Conflict, "session_id", "session_moved");
        Assert.DoesNotContain(await http.ListSessionsAsync(), session => session.GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task HandOverSession_AnotherMoveHoldsTheFence_409MoveInProgressUntilItsOwnerLiftsIt()
    {
        var http = fixture.Primary.Http;
        var id = SessionHttp.NewSessionId("contested");
        await http.ChatTurnAsync(id, First, Greedy);

        using var first = await SendAsync(http, HttpMethod.Post, id, "move-a");
        using var second = await SendAsync(http, HttpMethod.Post, id, "move-b");
        using var liftedByTheOther = await SendAsync(http, HttpMethod.Delete, id, "move-b");
        using var liftedByItsOwner = await SendAsync(http, HttpMethod.Delete, id, "move-a");
        using var secondAfterwards = await SendAsync(http, HttpMethod.Post, id, "move-b");
        using var liftedByAnOperator = await SendAsync(http, HttpMethod.Delete, id, moveId: null);
        var continued = await http.ChatTurnAsync(id, Second, Greedy);

        var history = JsonDocument.Parse(await secondAfterwards.Content.ReadAsStringAsync()).RootElement.GetProperty("history_tokens").GetArrayLength();
        var busy = $"The session '{id}' is being moved by another hand-over; it ends the session here, lifts its fence, or its lease of 120 s runs out. Retry later.";
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(busy, await second.AssertErrorAsync(HttpStatusCode.Conflict, "session_id", "session_move_in_progress"));
        Assert.Equal(busy, await liftedByTheOther.AssertErrorAsync(HttpStatusCode.Conflict, "session_id", "session_move_in_progress"));
        Assert.Equal(HttpStatusCode.NoContent, liftedByItsOwner.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondAfterwards.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, liftedByAnOperator.StatusCode);
        Assert.Equal(history, continued.Usage("cached_tokens"));
        await http.EndSessionAsync(id);
    }

    [Fact]
    public async Task HandOverSession_UnknownSession_404BothWays()
    {
        using var handover = await fixture.Primary.Http.PostAsync("/internal/sessions/no-such-session/handover", null);
        using var cancel = await fixture.Primary.Http.DeleteAsync("/internal/sessions/no-such-session/handover");

        await handover.AssertErrorAsync(HttpStatusCode.NotFound, "session_id", "session_not_found");
        await cancel.AssertErrorAsync(HttpStatusCode.NotFound, "session_id", "session_not_found");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, HttpMethod method, string id, string? moveId)
    {
        var request = new HttpRequestMessage(method, $"/internal/sessions/{id}/handover");
        if (moveId is not null)
        {
            request.Headers.Add(SessionEndpoints.MoveIdHeader, moveId);
        }

        return http.SendAsync(request);
    }
}
