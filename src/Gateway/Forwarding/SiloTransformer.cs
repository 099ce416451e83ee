using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cluster.Gateway.Forwarding;

/// <summary>YARP's default copying plus the cluster's rules: no client credentials to silos, 503 held back for a retry, responses observed and tagged.</summary>
internal sealed class SiloTransformer(IOptions<ForwardingOptions> options) : HttpTransformer
{
    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        // The client's API key is for the gateway only.
        proxyRequest.Headers.Authorization = null;
        if (httpContext.Features.Get<ForwardingAttempt>() is { SessionHeader: { } session })
        {
            proxyRequest.Headers.Remove(ClusterHeaders.SessionId);
            proxyRequest.Headers.TryAddWithoutValidation(ClusterHeaders.SessionId, session);
        }
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        var attempt = httpContext.Features.GetRequiredFeature<ForwardingAttempt>();
        if (proxyResponse is { StatusCode: HttpStatusCode.ServiceUnavailable } && attempt.CanRetry)
        {
            // Nothing has reached the client yet: drop this answer and let the forwarder try another silo.
            attempt.RetryRequested = true;
            return false;
        }

        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        httpContext.Response.Headers[ClusterHeaders.Silo] = attempt.Decision.Silo.Id;
        httpContext.Response.Headers[ClusterHeaders.Route] = attempt.Decision.KindName;
        if (proxyResponse is null || !copyBody)
        {
            return copyBody;
        }

        attempt.StatusCode = (int)proxyResponse.StatusCode;
        if (proxyResponse.StatusCode == HttpStatusCode.OK)
        {
            var format = FormatOf(proxyResponse.Content.Headers.ContentType?.MediaType);
            var observer = new ResponseObserver(format, attempt.CaptureContent, options.Value.CaptureLimitBytes);
            attempt.Observer = observer;
            var idle = options.Value.StreamIdleTimeout;
            var aborted = httpContext.RequestAborted;
            proxyResponse.Content = new ObservedContent(proxyResponse.Content, inner => new ObservedStream(inner, attempt, observer, idle, aborted));
        }

        return true;
    }

    private static ResponseFormat FormatOf(string? mediaType) => mediaType switch
    {
        "text/event-stream" => ResponseFormat.Sse,
        "application/x-ndjson" or "application/jsonl" or "application/jsonlines" => ResponseFormat.Ndjson,
        _ => ResponseFormat.Json,
    };
}
