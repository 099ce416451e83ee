using System.Text.Json;
using Cluster.Grains.Sessions;
using Cluster.Silo.Tests.Fixtures;
using EngineMessage = Cluster.Inference.Text.ChatMessage;

namespace Cluster.Silo.Tests.Sessions;

/// <summary>Tools sent again on later turns of a session: declared once in its system message, as a stateless request of the whole conversation declares them.</summary>
[Collection(SessionSilosCollection.Name)]
public sealed class SessionToolsTests(SessionSilosFixture fixture)
{
    // Seeded sampling gives text that renders back to the tokens drawn (greedy output of random weights is whitespace, which the template trims).
    private const string Seeded = """{"max_tokens":8,"temperature":0.9,"seed":7,"ignore_eos":true}""";
    private const string Weather = """{"tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}}}}]}""";
    private const string Clock = """{"tools":[{"type":"function","function":{"name":"get_time"}}]}""";

    [Fact]
    public async Task CreateChatCompletion_SameToolsOnARelayedLaterTurn_WholeHistoryCachedAndOnlyTheNewMessageAdded()
    {
        var id = SessionHttp.NewSessionId("same-tools");
        var first = await fixture.Primary.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), Generate.Merge(Seeded, Weather));

        var second = await fixture.Twin.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "And then?")), Generate.Merge(Seeded, Weather));

        var history = first.Usage("prompt_tokens") + 8 + 1;
        Assert.Equal(history, second.Usage("cached_tokens"));
        Assert.Equal(history + fixture.LaterTurnTokens(new EngineMessage("user", "And then?")), second.Usage("prompt_tokens"));
        Assert.True(await fixture.Primary.EndSessionAsync(SessionKeys.ForHeader(id)));
    }

    [Fact]
    public async Task CreateChatCompletion_ChangedToolsOnALaterTurn_ConversationDeclaresTheNewToolsAndKeepsThem()
    {
        var id = SessionHttp.NewSessionId("changed-tools");
        var first = await fixture.Other.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Hi")), Generate.Merge(Seeded, Weather));

        var second = await fixture.Other.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "And then?")), Generate.Merge(Seeded, Clock));
        var third = await fixture.Other.Http.ChatTurnAsync(id, SessionHttp.Messages(("user", "Go on")), Generate.Merge(Seeded, Clock));
        var stateless = await StatelessAsync(Clock, ("user", "Hi"), ("assistant", first.Content()), ("user", "And then?"));

        Assert.Equal((stateless.Usage("prompt_tokens"), stateless.Content()), (second.Usage("prompt_tokens"), second.Content()));
        Assert.Equal(second.Usage("prompt_tokens") + 8 + 1, third.Usage("cached_tokens"));
        Assert.True(await fixture.Other.EndSessionAsync(SessionKeys.ForHeader(id)));
    }

    private async Task<JsonElement> StatelessAsync(string tools, params (string Role, string Content)[] messages)
    {
        var body = Generate.Merge(Generate.Merge($$"""{"model":"tiny","messages":{{SessionHttp.Messages(messages)}}}""", Seeded), tools);
        using var response = await fixture.Other.Http.PostAsync("/v1/chat/completions", body);
        return await response.ReadJsonAsync();
    }
}
