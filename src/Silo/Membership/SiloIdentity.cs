using System.Globalization;
using System.Net;
using System.Security.Cryptography;

namespace Cluster.Silo.Membership;

/// <summary>Works out the id and the address a silo registers under.</summary>
internal static class SiloIdentity
{
    /// <summary>The configured id and URL, or ones derived from the bound addresses (loopback for a wildcard bind when <paramref name="clusterIsLocal"/>).</summary>
    public static (string Id, string Address) Resolve(ClusterMembershipOptions options, ICollection<string> boundAddresses, bool clusterIsLocal)
    {
        var address = options.AdvertisedUrl?.TrimEnd('/') ?? Advertise(boundAddresses, clusterIsLocal);
        var uri = new Uri(address);
        var id = options.SiloId ?? string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName.ToLowerInvariant()}-{uri.Port}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(2))}");
        return (id, address);
    }

    private static string Advertise(ICollection<string> boundAddresses, bool clusterIsLocal)
    {
        var bound = boundAddresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ?? boundAddresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The silo is bound to no address; set Cluster:Membership:AdvertisedUrl.");
        var uri = new Uri(bound.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        var wildcard = uri.Host is "0.0.0.0" or "[::]" or "::";
        if (!wildcard)
        {
            return $"{uri.Scheme}://{uri.Authority}";
        }

        // A wildcard bind is reachable as loopback from a local cluster, and by host name from a remote one.
        var host = clusterIsLocal ? "127.0.0.1" : Dns.GetHostName();
        return string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{host}:{uri.Port}");
    }
}
