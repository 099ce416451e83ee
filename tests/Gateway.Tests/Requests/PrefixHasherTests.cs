using System.Text.Json;
using Cluster.Gateway.Requests;

namespace Cluster.Gateway.Tests.Requests;

public sealed class PrefixHasherTests
{
    [Fact]
    public void Hash_LongerConversation_SharesLeadingHashes()
    {
        var turn1 = Messages("""[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}]""");
        var turn2 = Messages("""[{"role":"system","content":"be brief"},{"role":"user","content":"hi"},{"role":"assistant","content":"hello"},{"role":"user","content":"more"}]""");

        var a = PrefixHasher.Hash(turn1, 64);
        var b = PrefixHasher.Hash(turn2, 64);

        Assert.Equal(2, a.Length);
        Assert.Equal(4, b.Length);
        Assert.Equal(a, b[..2]);
        Assert.Equal(4, b.Distinct().Count());
    }

    [Fact]
    public void Hash_SameTextDifferentRole_Differs()
    {
        var user = PrefixHasher.Hash(Messages("""[{"role":"user","content":"x"}]"""), 64);
        var system = PrefixHasher.Hash(Messages("""[{"role":"system","content":"x"}]"""), 64);
        Assert.NotEqual(user[0], system[0]);
    }

    [Fact]
    public void Hash_MaxMessages_Truncates()
    {
        var hashes = PrefixHasher.Hash(Messages("""[{"role":"user","content":"1"},{"role":"user","content":"2"},{"role":"user","content":"3"}]"""), 2);
        Assert.Equal(2, hashes.Length);
    }

    [Fact]
    public void Hash_KnownConversation_IsFnv1aOfTheRawJsonValues()
    {
        // Every gateway (and every version) must agree: the raw text as sent, escapes included, is what is hashed.
        var hashes = PrefixHasher.Hash(Messages("""[{"role":"user","content":"hi"},{"role":"assistant","content":"hello\u0021"}]"""), 64);

        Assert.Equal([8514860175414431885UL, 1126019950510944691UL], hashes);
    }

    [Fact]
    public void SameMessage_SameRoleAndContent_TrueOtherwiseFalse()
    {
        var messages = Messages("""[{"role":"user","content":"hi"},{"content":"hi","role":"user"},{"role":"user","content":"hi!"},{"role":"user"}]""");

        Assert.True(PrefixHasher.SameMessage(messages[0], messages[1]));
        Assert.False(PrefixHasher.SameMessage(messages[0], messages[2]));
        Assert.False(PrefixHasher.SameMessage(messages[0], messages[3]));
        Assert.True(PrefixHasher.SameMessage(messages[3], messages[3]));
    }

    private static JsonElement Messages(string json) => JsonDocument.Parse(json).RootElement;
}
