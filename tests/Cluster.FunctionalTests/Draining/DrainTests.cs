using System.Net;
using System.Text.Json;
using Cluster.FunctionalTests.Fixtures;

namespace Cluster.FunctionalTests.Draining;

public sealed class DrainTests
{
    [Fact]
    public async Task Drain_SiloHoldingTwoSessions_BothMoveAndContinueAsIfNeverMoved()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var gateway = cluster.Gateway.Client;

        // silo-1 drains first, so both sessions start on silo-0: a draining silo gets no new sessions.
        var (_, nothingToMove) = await Admin.DrainAsync(gateway, "silo-1");
        SessionTurn[] first = [await SessionTurn.SendAsync(gateway, "moved-a", "Tell me about rivers."), await SessionTurn.SendAsync(gateway, "moved-b", "Tell me about hills.")];
        await Admin.UndrainAsync(gateway, "silo-1");

        var (status, drain) = await Admin.DrainAsync(gateway, "silo-0");
        SessionTurn[] next = [await SessionTurn.SendAsync(gateway, "moved-a", "And then?"), await SessionTurn.SendAsync(gateway, "moved-b", "And then?")];

        // Control conversations: the same turns, never moved (silo-0 drains now, so they live on silo-1).
        SessionTurn[] controlFirst = [await SessionTurn.SendAsync(gateway, "control-a", "Tell me about rivers."), await SessionTurn.SendAsync(gateway, "control-b", "Tell me about hills.")];
        SessionTurn[] controlNext = [await SessionTurn.SendAsync(gateway, "control-a", "And then?"), await SessionTurn.SendAsync(gateway, "control-b", "And then?")];

        AssertProgress(nothingToMove.GetProperty("sessions"), "done", moved: 0, remaining: 0, staying: 0, "0 session(s) moved; none left on silo silo-1.");
        Assert.All(first, turn => Assert.Equal(("silo-0", "session"), (turn.Silo, turn.Route)));
        Assert.Equal(HttpStatusCode.OK, status);
        AssertProgress(drain.GetProperty("sessions"), "done", moved: 2, remaining: 0, staying: 0, "2 session(s) moved; none left on silo silo-0.");
        AssertProgress((await Admin.NodeAsync(gateway, "silo-0")).GetProperty("drain"), "done", moved: 2, remaining: 0, staying: 0, "2 session(s) moved; none left on silo silo-0.");
        Assert.All(controlFirst.Concat(controlNext), turn => Assert.Equal("silo-1", turn.Silo));
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(("silo-1", "session"), (next[i].Silo, next[i].Route));
            Assert.Equal(controlNext[i].Text, next[i].Text);

            // The KV came along: the whole history (prompt, answer, end of turn) is reused, as on the silo that never moved.
            Assert.Equal(first[i].PromptTokens + first[i].CompletionTokens + 1, next[i].CachedTokens);
            Assert.Equal(controlNext[i].CachedTokens, next[i].CachedTokens);
        }

        Assert.Empty(await Admin.SessionsOnSiloAsync(gateway, "silo-0"));
        Assert.Equal(["control-a", "control-b", "moved-a", "moved-b"], await Admin.SessionsOnSiloAsync(gateway, "silo-1"));
    }

    [Fact]
    public async Task Drain_SessionMidTurn_TurnFinishesThereThenTheSessionMoves()
    {
        await using var cluster = await TwoSilosWithSessionOnSiloZeroAsync("busy");
        var gateway = cluster.Gateway.Client;

        // A long streamed turn is running on silo-0 when silo-0 starts draining.
        var body = Chat.Body(DemoModel.Id, ("user", "Tell me everything."));
        body["stream"] = true;
        body["max_tokens"] = LongTurnTokens;
        body["ignore_eos"] = true;
        body["temperature"] = 0;
        using var stream = await Chat.PostAsync(gateway, body, "busy", completion: HttpCompletionOption.ResponseHeadersRead);
        using var events = new StreamReader(await stream.Content.ReadAsStreamAsync());
        Assert.StartsWith("data: ", await events.ReadLineAsync(), StringComparison.Ordinal);
        var (_, duringTurn) = await Admin.DrainAsync(gateway, "silo-0");
        var rest = await events.ReadToEndAsync();
        var afterTurn = await WaitForDrainAsync(gateway, "silo-0", "done");
        var next = await SessionTurn.SendAsync(gateway, "busy", "And then?");

        // Control: the same three turns on silo-1, never moved.
        await SessionTurn.SendAsync(gateway, "control", "Tell me about rivers.");
        await SessionTurn.SendAsync(gateway, "control", "Tell me everything.", LongTurnTokens, ignoreEos: true);
        var controlNext = await SessionTurn.SendAsync(gateway, "control", "And then?");

        AssertProgress(duringTurn.GetProperty("sessions"), "moving", moved: 0, remaining: 1, staying: 0,
            "1 session(s) move after their running turn ends (or on retry); 0 stay because no other live silo serves their model.");
        Assert.Equal("silo-0", Chat.Where(stream).Silo);
        Assert.EndsWith("data: [DONE]", rest.TrimEnd(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"error\"", rest, StringComparison.Ordinal);
        AssertProgress(afterTurn, "done", moved: 1, remaining: 0, staying: 0, "1 session(s) moved; none left on silo silo-0.");
        Assert.Equal(("silo-1", "session"), (next.Silo, next.Route));
        Assert.Equal(controlNext.Text, next.Text);
        Assert.Equal(controlNext.CachedTokens, next.CachedTokens);
    }

    [Fact]
    public async Task Drain_TargetDiesBeforeTheImport_FenceLiftedAndTheSessionServesOnTheSource()
    {
        await using var cluster = await RealCluster.StartAsync(2);
        var gateway = cluster.Gateway.Client;
        await Admin.DrainAsync(gateway, "silo-1");
        var first = await SessionTurn.SendAsync(gateway, "kept", "Tell me about rivers.");

        // Control: the same turns on silo-0 before any move was tried.
        await SessionTurn.SendAsync(gateway, "control", "Tell me about rivers.");
        var controlNext = await SessionTurn.SendAsync(gateway, "control", "And then?");
        await Admin.UndrainAsync(gateway, "silo-1");

        // silo-1 dies but is still live in the membership for a heartbeat timeout: the moves export, then fail to import there.
        cluster["silo-1"].Kill();
        var (_, drain) = await Admin.DrainAsync(gateway, "silo-0");
        var next = await SessionTurn.SendAsync(gateway, "kept", "And then?");

        AssertProgress(drain.GetProperty("sessions"), "moving", moved: 0, remaining: 2, staying: 0,
            "2 session(s) move after their running turn ends (or on retry); 0 stay because no other live silo serves their model.");
        Assert.Equal(("silo-0", "session"), (next.Silo, next.Route));
        Assert.Equal(controlNext.Text, next.Text);
        Assert.Equal(first.PromptTokens + first.CompletionTokens + 1, next.CachedTokens);
        Assert.Equal(controlNext.CachedTokens, next.CachedTokens);
    }

    [Fact]
    public async Task Drain_OnlySiloServingTheModel_SessionsStayAndTheDrainSaysSo()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var gateway = cluster.Gateway.Client;
        var first = await SessionTurn.SendAsync(gateway, "stay-a", "Tell me about rivers.");
        await SessionTurn.SendAsync(gateway, "stay-b", "Tell me about hills.");

        var (status, drain) = await Admin.DrainAsync(gateway, "silo-0");
        var next = await SessionTurn.SendAsync(gateway, "stay-a", "And then?");

        var message = $"No other live silo serves model '{DemoModel.Id}': 2 session(s) stay on silo silo-0 and finish there.";
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(drain.GetProperty("draining").GetBoolean());
        AssertProgress(drain.GetProperty("sessions"), "staying", moved: 0, remaining: 2, staying: 2, message);
        AssertProgress((await Admin.NodeAsync(gateway, "silo-0")).GetProperty("drain"), "staying", moved: 0, remaining: 2, staying: 2, message);
        Assert.Equal(("silo-0", "session"), (next.Silo, next.Route));
        Assert.Equal(first.PromptTokens + first.CompletionTokens + 1, next.CachedTokens);
        Assert.Equal(["stay-a", "stay-b"], await Admin.SessionsOnSiloAsync(gateway, "silo-0"));
    }

    [Fact]
    public async Task Drain_OtherSiloServesTheModelNameFromOtherWeights_SessionStaysAndTheDrainSaysWhy()
    {
        await using var cluster = await RealCluster.StartAsync(1);
        var gateway = cluster.Gateway.Client;
        var first = await SessionTurn.SendAsync(gateway, "kept", "Tell me about rivers.");
        await using var misdeployed = await SiloProcess.StartWithOtherWeightsAsync("silo-9", cluster.Gateway.Address);
        await cluster.Gateway.WaitForSilosAsync(2, TimeSpan.FromSeconds(45));

        // silo-9 refuses the export (model_mismatch): the first pass says the session stays, and so does the next.
        var (status, drain) = await Admin.DrainAsync(gateway, "silo-0");
        var (_, again) = await Admin.DrainAsync(gateway, "silo-0");
        var next = await SessionTurn.SendAsync(gateway, "kept", "And then?");

        var message = $"No other live silo serves model '{DemoModel.Id}': 1 session(s) stay on silo silo-0 and finish there. " +
            "Silo(s) silo-9 serve a model of that name built from other weights (import refused: model_mismatch).";
        Assert.Equal(HttpStatusCode.OK, status);
        AssertProgress(drain.GetProperty("sessions"), "staying", moved: 0, remaining: 1, staying: 1, message);
        AssertProgress(again.GetProperty("sessions"), "staying", moved: 0, remaining: 1, staying: 1, message);

        // The fence was lifted: the session serves on, with its whole history in the cache.
        Assert.Equal(("silo-0", "session"), (next.Silo, next.Route));
        Assert.Equal(first.PromptTokens + first.CompletionTokens + 1, next.CachedTokens);
        Assert.Equal(["kept"], await Admin.SessionsOnSiloAsync(gateway, "silo-0"));
    }

    [Fact]
    public async Task Drain_TargetHoldsAStaleCopyOfTheSession_CopyEndedAndTheCurrentSessionMoves()
    {
        await using var cluster = await TwoSilosWithSessionOnSiloZeroAsync("stale");
        var gateway = cluster.Gateway.Client;

        // A copy of the first turn lands on silo-1 (as an earlier move that failed after its import leaves one); the session goes on on silo-0.
        using (var source = await Admin.SiloClientAsync(gateway, "silo-0"))
        using (var target = await Admin.SiloClientAsync(gateway, "silo-1"))
        using (var export = await source.GetAsync("/internal/sessions/stale/export"))
        using (var import = await target.PostAsync("/internal/sessions/import", export.Content))
        {
            Assert.Equal(HttpStatusCode.Created, import.StatusCode);
        }

        var second = await SessionTurn.SendAsync(gateway, "stale", "And then?");
        var (_, drain) = await Admin.DrainAsync(gateway, "silo-0");
        var third = await SessionTurn.SendAsync(gateway, "stale", "Why?");

        // Control: the same three turns on silo-1, never moved.
        await SessionTurn.SendAsync(gateway, "control", "Tell me about rivers.");
        await SessionTurn.SendAsync(gateway, "control", "And then?");
        var controlThird = await SessionTurn.SendAsync(gateway, "control", "Why?");

        AssertProgress(drain.GetProperty("sessions"), "done", moved: 1, remaining: 0, staying: 0, "1 session(s) moved; none left on silo silo-0.");
        Assert.Equal(("silo-1", "session"), (third.Silo, third.Route));
        Assert.Equal(second.PromptTokens + second.CompletionTokens + 1, third.CachedTokens);
        Assert.Equal(controlThird.Text, third.Text);
        Assert.Equal(controlThird.CachedTokens, third.CachedTokens);
    }

    [Fact]
    public async Task Drain_UnknownSilo_404InOpenAIErrorShape()
    {
        await using var gateway = await GatewayHost.StartAsync();

        var (status, body) = await Admin.DrainAsync(gateway.Client, "no-such-silo");

        Assert.Equal(HttpStatusCode.NotFound, status);
        var error = body.GetProperty("error");
        Assert.Equal("No silo 'no-such-silo' is known.", error.GetProperty("message").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("silo_not_found", error.GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("param").ValueKind);
    }

    private const int LongTurnTokens = 1500;

    /// <summary>Two silos and the session's first turn on silo-0 (silo-1 drains meanwhile: a draining silo gets no new sessions).</summary>
    private static async Task<RealCluster> TwoSilosWithSessionOnSiloZeroAsync(string session)
    {
        var cluster = await RealCluster.StartAsync(2);
        try
        {
            var gateway = cluster.Gateway.Client;
            await Admin.DrainAsync(gateway, "silo-1");
            await SessionTurn.SendAsync(gateway, session, "Tell me about rivers.");
            await Admin.UndrainAsync(gateway, "silo-1");
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo's drain progress once it reached <paramref name="state"/> (later passes run every two seconds).</summary>
    private static async Task<JsonElement> WaitForDrainAsync(HttpClient gateway, string siloId, string state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var progress = (await Admin.NodeAsync(gateway, siloId)).GetProperty("drain");
            if (progress.GetProperty("state").GetString() == state || DateTime.UtcNow > deadline)
            {
                return progress;
            }

            await Task.Delay(50);
        }
    }

    private static void AssertProgress(JsonElement progress, string state, int moved, int remaining, int staying, string message)
    {
        Assert.Equal(state, progress.GetProperty("state").GetString());
        Assert.Equal(moved, progress.GetProperty("moved").GetInt32());
        Assert.Equal(remaining, progress.GetProperty("remaining").GetInt32());
        Assert.Equal(staying, progress.GetProperty("staying").GetInt32());
        Assert.Equal(message, progress.GetProperty("message").GetString());
    }
}
