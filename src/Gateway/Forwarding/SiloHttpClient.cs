using System.Net;
using Microsoft.Extensions.Options;

namespace Cluster.Gateway.Forwarding;

/// <summary>The one connection pool to all silos; a plain <see cref="HttpMessageInvoker"/> so responses stream (YARP refuses HttpClient).</summary>
internal sealed class SiloHttpClient(IOptions<ForwardingOptions> options) : IDisposable
{
    /// <summary>The invoker the forwarder sends through.</summary>
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = options.Value.ConnectTimeout,
        EnableMultipleHttp2Connections = true,
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ActivityHeadersPropagator = null,
    });

    public void Dispose() => Invoker.Dispose();
}
