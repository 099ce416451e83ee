using System.Net;
using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;
using Cluster.Silo.Tests.Fixtures;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.Sessions;

[Collection(SessionSilosCollection.Name)]
public sealed class SessionMigrationTests(SessionSilosFixture fixture)
{
    // Seeded sampling: the whole KV state must agree for the same tokens to come out.
    private const string Seeded = """{"max_tokens":8,"temperature":0.9,"seed":11,"ignore_eos":true}""";

    [Fact]
    public async Task DrainAsync_SessionOnTheDrainedSilo_MigratesWithItsKvAndContinuesLikeOneThatNeverMoved()
    {
        var moving = SessionHttp.NewSessionId("moving");
        var control = SessionHttp.NewSessionId("control");
        foreach (var (silo, id) in new[] { (fixture.Primary, moving), (fixture.Twin, control) })
        {
            await silo.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hello there")), Seeded);
            await silo.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Tell me more")), Seeded);
        }

        var history = (await fixture.Primary.ListSessionsAsync()).Single(session => session.Key == SessionKeys.ForHeader(moving)).HistoryTokens;
        DrainReport report;
        try
        {
            report = await fixture.Primary.Grains.GetGrain<ISiloGrain>(fixture.Primary.SiloKey).DrainAsync();
            await WaitUntilOnAsync(SessionKeys.ForHeader(moving), "twin");
        }
        finally
        {
            await fixture.Primary.Grains.GetGrain<ISiloGrain>(fixture.Primary.SiloKey).UndrainAsync();
        }

        // Sent to the silo it left: that silo relays the turn to the session's new activation, which holds the KV.
        var moved = await fixture.Primary.Http.ChatTurnAsync(moving, SessionHttp.Messages(("user", "And then?")), Seeded);
        var stayed = await fixture.Twin.Http.ChatTurnAsync(control, SessionHttp.Messages(("user", "And then?")), Seeded);

        Assert.Equal(("primary", 1, 0), (report.Silo, report.Migrating, report.Staying.Count));
        Assert.Equal(("twin", 6), await fixture.Twin.DescribeAsync(SessionKeys.ForHeader(moving)));
        Assert.Equal(history, moved.Usage("cached_tokens"));
        Assert.Equal(history + fixture.LaterTurnTokens(new EngineMessage("user", "And then?")), moved.Usage("prompt_tokens"));
        Assert.Equal(stayed.Content(), moved.Content());
        Assert.Equal(stayed.Usage("cached_tokens"), moved.Usage("cached_tokens"));
        Assert.True(await fixture.Twin.EndSessionAsync(SessionKeys.ForHeader(moving)));
        Assert.True(await fixture.Twin.EndSessionAsync(SessionKeys.ForHeader(control)));
    }

    [Fact]
    public async Task DrainAsync_NoOtherSiloServesTheModel_SessionStaysAndTheReportSaysWhy()
    {
        var id = SessionHttp.NewSessionId("alone");
        await fixture.Other.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), """{"model":"second","max_tokens":2}""");
        var other = fixture.Other.Grains.GetGrain<ISiloGrain>(fixture.Other.SiloKey);

        var report = await other.DrainAsync();
        await other.UndrainAsync();

        Assert.Equal(0, report.Migrating);
        Assert.Equal([$"h:{id}: no other silo serves model 'second'"], report.Staying);
        Assert.Single(await fixture.Other.ListSessionsAsync(), session => session.Key == SessionKeys.ForHeader(id));
        Assert.True(await fixture.Other.EndSessionAsync(SessionKeys.ForHeader(id)));
    }

    private async Task WaitUntilOnAsync(string key, string silo)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while ((await fixture.Twin.DescribeAsync(key)).Silo != silo)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
