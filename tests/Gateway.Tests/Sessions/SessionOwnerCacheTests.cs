using Cluster.Gateway.Routing;
using Cluster.Gateway.Sessions;
using Cluster.Grains.Sessions;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Tests.Sessions;

public sealed class SessionOwnerCacheTests
{
    private static readonly SessionLocation OnSiloA = new(SessionLocationStatus.Found, "silo-a-key", "http://127.0.0.1:5001", "m");

    [Fact]
    public void Find_RememberedForOneOwner_OtherOwnerSeesNothing()
    {
        using var cache = new SessionOwnerCache(Options.Create(new RoutingOptions()));
        cache.Remember("h:s1", "key_1", OnSiloA);

        Assert.Equal(OnSiloA, cache.Find("h:s1", "key_1"));
        Assert.Null(cache.Find("h:s1", "key_2"));
        Assert.Null(cache.Find("h:s1", null));
    }

    [Fact]
    public void Find_AfterForget_IsNull()
    {
        using var cache = new SessionOwnerCache(Options.Create(new RoutingOptions()));
        cache.Remember("i:42", null, OnSiloA);

        cache.Forget("i:42", null);

        Assert.Null(cache.Find("i:42", null));
    }
}
