using System.Net;
using System.Text.Json;
using Cluster.Grains.Sessions;
using Cluster.Silo.Tests.Fixtures;

namespace Cluster.Silo.Tests.Sessions;

/// <summary>A streamed session turn relayed from another silo (through Orleans) arrives as the owner sends it: one event per token.</summary>
[Collection(SessionSilosCollection.Name)]
public sealed class RelayedStreamTests(SessionSilosFixture fixture)
{
    [Fact]
    public async Task CreateChatCompletion_StreamedTurnRelayed_EveryTokenItsOwnEvent()
    {
        var id = SessionHttp.NewSessionId("relay-events");
        await fixture.Primary.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), """{"max_tokens":4,"temperature":0,"ignore_eos":true}""");

        using var relayed = await fixture.Twin.Http.ChatAsync(id, SessionHttp.Messages(("user", "Again")),
            """{"max_tokens":300,"temperature":0.9,"seed":7,"ignore_eos":true,"logprobs":true,"stream":true}""");
        var raw = await relayed.Content.ReadAsStringAsync();
        var events = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        var content = events.Where(e => e != "data: [DONE]").Select(e => JsonDocument.Parse(e["data: ".Length..]).RootElement.GetProperty("choices")[0])
            .Where(choice => choice.GetProperty("delta").TryGetProperty("content", out var text) && text.GetString()!.Length > 0 || choice.TryGetProperty("logprobs", out var lp) && lp.ValueKind == JsonValueKind.Object)
            .ToList();

        Assert.Equal(HttpStatusCode.OK, relayed.StatusCode);
        Assert.All(events, e => Assert.StartsWith("data: ", e, StringComparison.Ordinal));
        Assert.Equal(Enumerable.Repeat(1, 300), content.Select(choice => choice.GetProperty("logprobs").GetProperty("content").GetArrayLength()));
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(id)));
    }
}
