using System.Net;
using System.Net.Sockets;

namespace Cluster.Silo.Images;

/// <summary>Which addresses an image fetch must not reach unless allowed: private, loopback, link-local, shared and unspecified ranges.</summary>
internal static class PrivateNetworks
{
    private static readonly IPNetwork[] Ranges =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("224.0.0.0/3"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    /// <summary>Whether <paramref name="address"/> is in a range only the silo's own networks reach.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return Array.Exists(Ranges, range => range.BaseAddress.AddressFamily == plain.AddressFamily && range.Contains(plain));
    }

    /// <summary>Whether an allow-list entry (host name, address or CIDR range) admits <paramref name="host"/> at <paramref name="address"/>.</summary>
    public static bool IsAllowed(IEnumerable<string> allowList, string host, IPAddress address)
    {
        var plain = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var entry in allowList)
        {
            if (string.Equals(entry, host, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (IPNetwork.TryParse(entry.Contains('/', StringComparison.Ordinal) ? entry : $"{entry}/{(plain.AddressFamily == AddressFamily.InterNetwork ? 32 : 128)}", out var network)
                && network.BaseAddress.AddressFamily == plain.AddressFamily && network.Contains(plain))
            {
                return true;
            }
        }

        return false;
    }
}
