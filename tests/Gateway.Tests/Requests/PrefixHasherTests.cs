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

    private static JsonElement Messages(string json) => JsonDocument.Parse(json).RootElement;
}
