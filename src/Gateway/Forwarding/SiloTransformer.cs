using System.Net;
using Cluster.Contracts.Internal;
using Cluster.Grains.Hosting;
using Cluster.Gateway.Routing;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cluster.Gateway.Forwarding;

/// <summary>
/// YARP's default copying plus the cluster's rules: the buffered body sent as is, no client credentials to silos, 503
/// and a session's 409 session_moved held back for a retry, responses observed (when something needs them) and tagged;
/// streams whose usage the gateway counts are asked to report it and the report is taken out again.
/// </summary>
internal sealed class SiloTransformer(IOptions<ForwardingOptions> options, IOptions<ClusterConnectionOptions> cluster) : HttpTransformer
{
    private const string InternalPrefix = "X-Cluster-";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);

        // The client's API key is for the gateway only, and the cluster's own headers come from the gateway alone.
        proxyRequest.Headers.Authorization = null;
        foreach (var name in proxyRequest.Headers.Select(h => h.Key).Where(IsInternal).ToList())
        {
            proxyRequest.Headers.Remove(name);
        }

        var attempt = httpContext.Features.GetRequiredFeature<ForwardingAttempt>();
        proxyRequest.Headers.TryAddWithoutValidation(InternalHeaders.Secret, cluster.Value.Secret);
        if (attempt.Caller is { } caller)
        {
            proxyRequest.Headers.TryAddWithoutValidation(InternalHeaders.Caller, caller);
        }

        if (attempt.ObserveJson)
        {
            proxyRequest.Headers.TryAddWithoutValidation(InternalHeaders.ReportUsage, "1");
        }

        if (attempt.SessionHeader is { } session)
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

        if (proxyResponse is not null && attempt.Decision.Kind == RouteKind.Session && await SessionMovedResponse.IsSessionMovedAsync(proxyResponse, cancellationToken))
        {
            // The session left that silo (drained, migrated): the forwarder asks its grain again and follows it once.
            attempt.SessionMovedAway = true;
            return false;
        }

        var copyBody = await base.TransformResponseAsync(httpContext, proxyResponse, cancellationToken);
        attempt.RelayedToOwner = httpContext.Response.Headers.Remove(InternalHeaders.Owner) && attempt.Decision.Kind == RouteKind.Session;
        httpContext.Response.Headers[ClusterHeaders.Silo] = attempt.Decision.Silo.Name;
        httpContext.Response.Headers[ClusterHeaders.Route] = attempt.Decision.KindName;
        if (proxyResponse is null || !copyBody)
        {
            return copyBody;
        }

        attempt.StatusCode = (int)proxyResponse.StatusCode;
        if (proxyResponse.StatusCode == HttpStatusCode.OK)
        {
            // Read from the copied header text rather than parsing the silo's content headers again.
            var format = FormatOf(httpContext.Response.ContentType);
            if (format == ResponseFormat.Json && !attempt.ObserveJson)
            {
                // Nothing needs this answer: it passes untouched. Streams are always watched, to end a cut one cleanly.
                return true;
            }

            var observer = new ResponseObserver(format, captureContent: false, options.Value.CaptureLimitBytes);
            attempt.Observer = observer;
            var idle = options.Value.StreamIdleTimeout;
            var aborted = httpContext.RequestAborted;
            var filter = format == ResponseFormat.Sse && attempt.ObserveJson ? new UsageCommentFilter() : null;
            proxyResponse.Content = new ObservedContent(proxyResponse.Content, inner => new ObservedStream(inner, attempt, observer, filter, idle, aborted));
        }

        return true;
    }

    private static bool IsInternal(string header) => header.StartsWith(InternalPrefix, StringComparison.OrdinalIgnoreCase);

    private static ResponseFormat FormatOf(string? contentType) => (contentType?.Split(';', 2)[0].Trim()) switch
    {
        "text/event-stream" => ResponseFormat.Sse,
        "application/x-ndjson" or "application/jsonl" or "application/jsonlines" => ResponseFormat.Ndjson,
        _ => ResponseFormat.Json,
    };
}
