using System.Net;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Forwarding;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Forwarder;

namespace Cluster.Gateway.Nodes;

/// <summary>
/// YARP's copying for an external node: none of the cluster's credentials or headers leave (not the client's API key, not
/// the cluster secret); an error answer is rewritten into the OpenAI shape with the node's status; a success is observed
/// and tagged as the silos' are.
/// </summary>
internal sealed class ExternalNodeTransformer(SiloTransformer silos) : HttpTransformer
{
    private const int MaxErrorBodyBytes = 64 * 1024;

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        proxyRequest.Headers.Authorization = null;
        foreach (var name in proxyRequest.Headers.Select(h => h.Key).Where(h => h.StartsWith("X-Cluster-", StringComparison.OrdinalIgnoreCase) || h.Equals(ClusterHeaders.SessionId, StringComparison.OrdinalIgnoreCase)).ToList())
        {
            proxyRequest.Headers.Remove(name);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var attempt = httpContext.Features.GetRequiredFeature<ForwardingAttempt>();
        if (proxyResponse is null || (int)proxyResponse.StatusCode < 400 || (proxyResponse.StatusCode == HttpStatusCode.ServiceUnavailable && attempt.CanRetry))
        {
            return await silos.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        }

        var status = (int)proxyResponse.StatusCode;
        var error = UpstreamError.Read(status, await ReadBoundedAsync(proxyResponse.Content, cancellationToken), attempt.Decision.Silo.Name);
        attempt.StatusCode = status;
        httpContext.Response.Headers[ClusterHeaders.Silo] = attempt.Decision.Silo.Name;
        httpContext.Response.Headers[ClusterHeaders.Route] = attempt.Decision.KindName;
        await OpenAIErrors.WriteAsync(httpContext, status, error.Type, error.Message, error.Code, error.Param, proxyResponse.Headers.RetryAfter?.Delta);
        return false;
    }

    private static async Task<string> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[MaxErrorBodyBytes];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }
}
