using System.Diagnostics;
using System.Net;
using Cluster.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cluster.Gateway.Forwarding;

/// <summary>
/// The one connection pool to all silos; a plain <see cref="HttpMessageInvoker"/> so responses stream (YARP refuses HttpClient). When spans are
/// collected the call carries the gateway's W3C trace context (in place of the client's, as YARP's own client does), so the silo's spans
/// join the gateway's trace; otherwise the client's trace headers pass through untouched.
/// </summary>
internal sealed class SiloHttpClient(IOptions<ForwardingOptions> options, IOptions<TelemetryOptions> telemetry) : IDisposable
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
        ActivityHeadersPropagator = ClusterTelemetryExtensions.CollectsTraces(telemetry.Value) ? new ReverseProxyPropagator(DistributedContextPropagator.Current) : null,
    });

    public void Dispose() => Invoker.Dispose();
}
