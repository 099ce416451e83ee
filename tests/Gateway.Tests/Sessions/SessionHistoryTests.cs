using System.Text.Json;
using Cluster.Gateway.Sessions;

namespace Cluster.Gateway.Tests.Sessions;

public sealed class SessionHistoryTests
{
    private const string Stored = """[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]""";

    [Fact]
    public void Effective_OnlyNewMessage_PrependsStoredHistory()
    {
        var messages = JsonDocument.Parse("""[{"role":"user","content":"c"}]""").RootElement;
        Assert.False(SessionHistory.CarriesHistory(messages, Stored));
        Assert.Equal("""[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]""", SessionHistory.Effective(messages, Stored).ToJsonString());
    }

    [Fact]
    public void Effective_FullHistory_KeepsRequestAsSent()
    {
        var messages = JsonDocument.Parse("""[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]""").RootElement;
        Assert.True(SessionHistory.CarriesHistory(messages, Stored));
        Assert.Equal(messages.GetRawText().Replace(" ", string.Empty, StringComparison.Ordinal), SessionHistory.Effective(messages, Stored).ToJsonString());
    }

    [Fact]
    public void AfterTurn_NoHistoryYet_AppendsAnswer()
    {
        var messages = JsonDocument.Parse("""[{"role":"user","content":"a"}]""").RootElement;
        Assert.Equal("""[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]""", SessionHistory.AfterTurn(messages, null, "b"));
    }
}
