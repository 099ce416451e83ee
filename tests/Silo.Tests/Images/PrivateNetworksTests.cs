using System.Net;
using Cluster.Silo.Images;

namespace Cluster.Silo.Tests.Images;

public sealed class PrivateNetworksTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("10.20.30.40", true)]
    [InlineData("172.31.255.1", true)]
    [InlineData("192.168.1.1", true)]
    [InlineData("169.254.169.254", true)]
    [InlineData("100.64.0.1", true)]
    [InlineData("0.0.0.0", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("fe80::1", true)]
    [InlineData("::ffff:10.0.0.1", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("172.32.0.1", false)]
    [InlineData("2001:4860:4860::8888", false)]
    public void IsPrivate_Address_MatchesTheReservedRanges(string address, bool expected) =>
        Assert.Equal(expected, PrivateNetworks.IsPrivate(IPAddress.Parse(address)));

    [Theory]
    [InlineData("images.internal", "10.1.2.3", true)]
    [InlineData("other.internal", "10.1.2.3", true)]
    [InlineData("other.internal", "10.2.0.1", false)]
    [InlineData("other.internal", "192.168.0.7", true)]
    [InlineData("other.internal", "192.168.0.8", false)]
    public void IsAllowed_HostNamesAddressesAndRanges_AdmitOnlyTheirOwn(string host, string address, bool expected) =>
        Assert.Equal(expected, PrivateNetworks.IsAllowed(["images.internal", "10.1.0.0/16", "192.168.0.7"], host, IPAddress.Parse(address)));
}
