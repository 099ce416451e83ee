using System.Globalization;
using System.Net;
using Orleans.Runtime;

namespace Cluster.Grains.Silos;

/// <summary>Works out the data-plane URL a silo advertises.</summary>
internal static class DataPlaneAddress
{
    /// <summary>
    /// <paramref name="advertised"/> when set; else the first bound http address, a wildcard bind advertised on the host Orleans
    /// advertises <paramref name="silo"/> on (so gateways that reach the silo reach its data plane too); null (ask again later) before Kestrel has bound its port.
    /// </summary>
    public static string? Resolve(string? advertised, ICollection<string> bound, SiloAddress silo)
    {
        if (advertised is not null)
        {
            return advertised.TrimEnd('/');
        }

        var address = bound.FirstOrDefault(a => a.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ?? bound.FirstOrDefault();
        if (address is null)
        {
            return null;
        }

        var uri = new Uri(address.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal));
        if (uri.Port == 0)
        {
            // Kestrel has not bound yet: the feature still lists the configured ":0".
            return null;
        }

        if (uri.Host is not ("0.0.0.0" or "[::]" or "::"))
        {
            return $"{uri.Scheme}://{uri.Authority}";
        }

        var host = silo.Endpoint.Address;
        var name = host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{host}]" : host.ToString();
        return string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{(IPAddress.IsLoopback(host) ? "127.0.0.1" : name)}:{uri.Port}");
    }
}
