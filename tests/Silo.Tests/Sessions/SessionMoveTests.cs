using System.Net;
using System.Text.Json;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Sessions;

[Collection(SessionSilosCollection.Name)]
public sealed class SessionMoveTests(SessionSilosFixture fixture)
{
    private const string Seeded = """{"max_tokens":6,"temperature":0.9,"seed":5,"ignore_eos":true}""";
    private static readonly string First = SessionHttp.Messages(("user", "Where were we?"));
    private static readonly string Second = SessionHttp.Messages(("user", "Go on, please."));

    [Fact]
    public async Task ImportSession_ExportedFromAnotherSilo_ContinuesIdentically()
    {
        var primary = fixture.Primary.Http;
        var reference = SessionHttp.NewSessionId("reference");
        await primary.ChatTurnAsync(reference, First, Seeded);
        var expected = await primary.ChatTurnAsync(reference, Second, Seeded);
        var moving = SessionHttp.NewSessionId("moving");
        await primary.ChatTurnAsync(moving, First, Seeded);

        using var exported = await primary.GetAsync($"/internal/sessions/{moving}/export");
        var export = await exported.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.NoContent, await primary.EndSessionAsync(moving));
        // Whitespace pads the body past the silo's 64 KiB limit: the import endpoint allows far more.
        using var imported = await fixture.Twin.Http.PostAsync("/internal/sessions/import", export[..^1] + new string(' ', SessionSilosFixture.MaxRequestBodyBytes) + "}");
        var continued = await fixture.Twin.Http.ChatTurnAsync(moving, Second, Seeded);

        var exportJson = JsonDocument.Parse(export).RootElement;
        var history = exportJson.GetProperty("history_tokens").GetArrayLength();
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        Assert.Equal(1, exportJson.GetProperty("version").GetInt32());
        Assert.Equal("tiny", exportJson.GetProperty("model_id").GetString());
        Assert.NotEmpty(exportJson.GetProperty("kv_state").GetBytesFromBase64());
        Assert.Equal(HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal($"/internal/sessions/{moving}", imported.Headers.Location?.OriginalString);
        Assert.Equal(history, (await imported.ReadJsonAsync()).GetProperty("history_tokens").GetInt32());
        Assert.Equal(expected.Content(), continued.Content());
        Assert.Equal(history, continued.Usage("cached_tokens"));
        Assert.Equal(1, fixture.Twin.Grain("tiny").SessionCounters.Restored);
        Assert.DoesNotContain(await primary.ListSessionsAsync(), session => session.GetProperty("id").GetString() == moving);
        await primary.EndSessionAsync(reference);
        await fixture.Twin.Http.EndSessionAsync(moving);
    }

    [Fact]
    public async Task ImportSession_SiloWithOtherWeightsOrUnknownVersion_RefusedClearly()
    {
        var id = SessionHttp.NewSessionId("mismatch");
        await fixture.Primary.Http.ChatTurnAsync(id, First, """{"max_tokens":2}""");
        using var exported = await fixture.Primary.Http.GetAsync($"/internal/sessions/{id}/export");
        var export = await exported.Content.ReadAsStringAsync();
        await fixture.Primary.Http.EndSessionAsync(id);

        using var otherWeights = await fixture.Other.Http.PostAsync("/internal/sessions/import", export);
        using var unknownVersion = await fixture.Twin.Http.PostAsync("/internal/sessions/import", export.Replace("\"version\":1,", "\"version\":99,", StringComparison.Ordinal));
        using var again = await fixture.Twin.Http.PostAsync("/internal/sessions/import", export);
        using var twice = await fixture.Twin.Http.PostAsync("/internal/sessions/import", export);

        var source = fixture.Primary.Grain("tiny").Fingerprint;
        var target = fixture.Other.Grain("tiny").Fingerprint;
        Assert.Equal(
            $"The session '{id}' was built on model 'tiny' with fingerprint {source}; this server's model 'tiny' has fingerprint {target}, so its KV cannot be used here.",
            await otherWeights.AssertErrorAsync(HttpStatusCode.Conflict, "model", "model_mismatch"));
        await unknownVersion.AssertErrorAsync(HttpStatusCode.BadRequest, "version", "unknown_export_version");
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await twice.AssertErrorAsync(HttpStatusCode.Conflict, "session_id", "session_exists");
        Assert.DoesNotContain(await fixture.Other.Http.ListSessionsAsync(), session => session.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.NoContent, await fixture.Twin.Http.EndSessionAsync(id));
    }

    [Fact]
    public async Task ExportSession_UnknownSession_404()
    {
        using var response = await fixture.Primary.Http.GetAsync("/internal/sessions/no-such-session/export");

        await response.AssertErrorAsync(HttpStatusCode.NotFound, "session_id", "session_not_found");
    }
}
