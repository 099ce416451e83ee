using System.Security.Cryptography;
using System.Text;
using Cluster.Contracts.Internal;
using Cluster.Grains.Hosting;
using Cluster.Silo.Errors;
using Microsoft.Extensions.Options;

namespace Cluster.Silo.Cluster;

/// <summary>
/// Lets through only callers that present the cluster's secret (X-Cluster-Secret, compared in fixed time): the gateways
/// and the other silos. Health and /metrics (counts, no content) stay open for orchestrators, load balancers and Prometheus; everything else answers 401.
/// </summary>
internal sealed class ClusterCredentialMiddleware(RequestDelegate next, IOptions<ClusterConnectionOptions> options)
{
    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.Value.Secret ?? string.Empty);

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase) || Presents(context.Request))
        {
            return next(context);
        }

        return OpenAIErrors.WriteAsync(context, OpenAIErrors.ClusterCredentialMissing());
    }

    private bool Presents(HttpRequest request) =>
        _secret.Length > 0 && request.Headers[InternalHeaders.Secret].ToString() is { Length: > 0 } presented
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), _secret);
}
