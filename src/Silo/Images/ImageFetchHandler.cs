using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Images;

/// <summary>
/// The HTTP handler image fetches use: it resolves each host itself and connects only to an address the settings allow,
/// so neither a URL nor a redirect nor a DNS answer can point the silo at its own networks unless allowed.
/// </summary>
internal static class ImageFetchHandler
{
    /// <summary>The name of the HttpClient that fetches images.</summary>
    public const string ClientName = "images";

    /// <summary>Creates the handler (at most 3 redirects, no cookies, no proxy).</summary>
    public static SocketsHttpHandler Create(IOptions<ImageOptions> options) => new()
    {
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 3,
        UseCookies = false,
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectCallback = (context, cancellationToken) => ConnectAsync(options.Value, context, cancellationToken),
    };

    private static async ValueTask<Stream> ConnectAsync(ImageOptions options, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
        var target = addresses.FirstOrDefault(address => options.AllowPrivateNetworks || !PrivateNetworks.IsPrivate(address)
            || PrivateNetworks.IsAllowed(options.AllowedHosts, host, address));
        if (target is null)
        {
            throw new PrivateAddressRefusedException(host, addresses.FirstOrDefault()?.ToString() ?? "(none)");
        }

        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(target, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
