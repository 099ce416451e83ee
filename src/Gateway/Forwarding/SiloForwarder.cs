using System.Collections.Frozen;
using System.Diagnostics;
using System.Net;
using Cluster.Contracts.OpenAI;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Cluster;
using Cluster.Gateway.Dashboard;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Nodes;
using Cluster.Gateway.RateLimiting;
using Cluster.Gateway.Requests;
using Cluster.Gateway.Routing;
using Cluster.Gateway.Sessions;
using Cluster.Gateway.Telemetry;
using Cluster.Gateway.Usage;
using Cluster.Grains.Keys;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cluster.Gateway.Forwarding;

/// <summary>
/// Handles every /v1 request bound for a silo: reads the body once, checks the token limit, routes, forwards through
/// YARP's <see cref="IHttpForwarder"/> (streams pass through unbuffered), and retries only while nothing has reached the
/// client: a stateless request on another silo, a session on its owner once its grain says where that is now.
/// </summary>
internal sealed partial class SiloForwarder(
    IHttpForwarder forwarder,
    SiloHttpClient client,
    SiloTransformer transformer,
    ExternalNodeTransformer externalTransformer,
    ExternalNodeDirectory externalNodes,
    SiloRouter router,
    SiloHealth health,
    SiloLoadTracker tracker,
    SessionLocator sessions,
    InferenceRequestReader reader,
    TokenRateLimiter tokenLimiter,
    UsageRecorder usage,
    GatewayMetrics metrics,
    TrafficHistory traffic,
    RoutingLog routingLog,
    IOptions<AuthOptions> auth,
    IOptions<RoutingOptions> routing,
    IOptions<ForwardingOptions> forwarding,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<SiloForwarder> logger)
{
    private static readonly TimeSpan SessionRetryPause = TimeSpan.FromMilliseconds(250);

    private readonly ForwarderRequestConfig _requestConfig = new()
    {
        ActivityTimeout = forwarding.Value.ActivityTimeout,
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    /// <summary>The request delegate mapped on /v1/{**path}: forwards, then counts the request (metrics, dashboard).</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        ForwardingAttempt? attempt = null;
        try
        {
            attempt = await HandleAsync(context);
        }
        finally
        {
            TimeSpan? timeToFirstToken = attempt is { FirstByteAt: > 0, Observer.Format: not ResponseFormat.Json } ? Stopwatch.GetElapsedTime(started, attempt.FirstByteAt) : null;
            if (timeToFirstToken is { } ttft)
            {
                metrics.RecordTimeToFirstToken(ttft);
            }

            metrics.RecordRequest(RouteName(context.Request.Path), context.Response.StatusCode);
            traffic.RecordRequest(timeToFirstToken);
        }
    }

    private async Task<ForwardingAttempt?> HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var (request, error, detail) = await reader.ReadAsync(context, cancellationToken);
        if (request is null)
        {
            await ForwardingErrors.WriteReadErrorAsync(context, error, detail, limits.Value.MaxRequestBodyBytes);
            return null;
        }

        using (request)
        {
            var identity = context.Features.Get<ApiKeyIdentity>();
            if (identity is not null && tokenLimiter.TryAcquire(identity, request.EstimatedTokens) is { } wait)
            {
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, OpenAIErrorTypes.RateLimit,
                    $"Rate limit reached for tokens per minute on this API key (limit {identity.TokensPerMinute}, this request is counted as {request.EstimatedTokens}). Retry after the time in Retry-After.",
                    "rate_limit_exceeded", retryAfter: wait);
                return null;
            }

            request.Caller = auth.Value.Enabled ? identity?.Id : null;
            if (request.NeedsInteractiveSessionId)
            {
                InteractiveSessionIds.Assign(request);
            }

            var attempt = await ForwardAsync(context, request, observeJson: identity is not null, cancellationToken);
            if (attempt is not { StatusCode: StatusCodes.Status200OK, StreamCut: false })
            {
                return attempt;
            }

            if (request.EndsSession)
            {
                sessions.Forget(request.SessionKey!, request.Caller);
            }

            if (identity is not null && attempt.Observer is { } observer)
            {
                usage.Record(identity.Id, observer.Usage ?? new TokenUsage(1, 0, 0, 0));
            }

            return attempt;
        }
    }

    private async Task<ForwardingAttempt?> ForwardAsync(HttpContext context, InferenceRequest request, bool observeJson, CancellationToken cancellationToken)
    {
        IReadOnlySet<string> tried = FrozenSet<string>.Empty;
        var maxAttempts = routing.Value.MaxAttempts;
        var session = request.SessionKey;
        var sessionDeadline = time.GetUtcNow() + routing.Value.SessionRecoveryTimeout;
        var followedMove = false;
        string? failover = null;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            var (outcome, decision) = await router.RouteAsync(request, tried, cancellationToken);
            if (outcome != RouteOutcome.Routed)
            {
                await ForwardingErrors.WriteRouteErrorAsync(context, request, outcome, tried.Count);
                return null;
            }

            RecordDecision(request, decision!, failover);
            var attempt = new ForwardingAttempt(
                decision!,
                canRetry: session is null && attemptNumber < maxAttempts,
                observeJson: observeJson,
                sessionHeader: request.SessionKeySource == SessionKeySource.User ? request.SessionKey![2..] : null,
                caller: request.Caller,
                body: request.Body,
                bodyContentType: request.Json is null ? context.Request.ContentType : "application/json");
            context.Features.Set(attempt);
            BufferedBody.Replay(context.Request, attempt.Body, attempt.BodyContentType);

            ForwarderError result;
            using (tracker.Begin(decision!.Silo.Name))
            {
                HttpTransformer rules = decision.Kind == RouteKind.External ? externalTransformer : transformer;
                result = await forwarder.SendAsync(context, decision.Silo.HttpAddress, client.Invoker, _requestConfig, rules, cancellationToken);
            }

            if (attempt.SessionMovedAway)
            {
                Reset(context);
                sessions.Forget(session!, request.Caller);
                if (!followedMove)
                {
                    LogFollowMove(logger, decision.Silo.Name, session!);
                    followedMove = true;
                    failover = RecordFailover("session_moved");
                    continue;
                }

                await OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, OpenAIErrorTypes.Server,
                    $"Silo {decision.Silo.Name} refused the session as moved away, and so did its next owner; the move has not settled. Retry after the time in Retry-After.",
                    "session_moving", retryAfter: TimeSpan.FromSeconds(1));
                return null;
            }

            if (attempt.RelayedToOwner)
            {
                // That silo ran the turn on the session's owner through Orleans: it was answered, and the next turn goes direct.
                LogRelayedToOwner(logger, decision.Silo.Name, session!);
                sessions.Forget(session!, request.Caller);
            }

            var refused = result is ForwarderError.Request or ForwarderError.ResponseHeaders && !context.Response.HasStarted && !cancellationToken.IsCancellationRequested;
            if ((refused || attempt.StreamCut) && decision.Kind == RouteKind.External)
            {
                externalNodes.ReportFailure(decision.Silo.Name, $"a forwarded request failed ({result})");
            }
            else if (refused || attempt.StreamCut)
            {
                health.ReportTransportFailure(decision.Silo.Name);
            }

            if (refused && session is not null && time.GetUtcNow() < sessionDeadline)
            {
                // The owner's data plane is gone (the silo may have died): ask the session's grain again; Orleans re-places it once membership declares the silo dead.
                LogSessionOwnerUnreachable(logger, decision.Silo.Name, session, result.ToString());
                sessions.Forget(session, request.Caller);
                Reset(context);
                await Task.Delay(SessionRetryPause, time, cancellationToken);
                failover = RecordFailover("session_recovery");
                continue;
            }

            if (session is null && (attempt.RetryRequested || refused) && attemptNumber < maxAttempts)
            {
                LogRetry(logger, decision.Silo.Name, attempt.RetryRequested ? "503" : result.ToString(), attemptNumber);
                tried = new HashSet<string>(tried, StringComparer.Ordinal) { decision.Silo.Name };
                Reset(context);
                failover = RecordFailover("retry");
                continue;
            }

            if (refused)
            {
                context.Response.Clear();
                await ForwardingErrors.WriteUnreachableAsync(context, decision.Silo.Name, session is not null);
            }
            else if (attempt.StreamCut)
            {
                LogStreamCut(logger, decision.Silo.Name);
            }

            return attempt;
        }
    }

    private static void Reset(HttpContext context)
    {
        context.Response.Clear();
        context.Features.Set<IForwarderErrorFeature>(null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloName} failed before answering ({Reason}); retrying elsewhere (attempt {Attempt})")]
    private static partial void LogRetry(ILogger logger, string siloName, string reason, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} refused session {SessionKey} as moved; asking its grain where it lives now")]
    private static partial void LogFollowMove(ILogger logger, string siloName, string sessionKey);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloName} relayed session {SessionKey}'s turn to its owner; asking the session's grain for the direct route")]
    private static partial void LogRelayedToOwner(ILogger logger, string siloName, string sessionKey);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloName}, owner of session {SessionKey}, could not be reached ({Reason}); asking the session's grain again")]
    private static partial void LogSessionOwnerUnreachable(ILogger logger, string siloName, string sessionKey, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream from silo {SiloName} broke midway; the client got an error event")]
    private static partial void LogStreamCut(ILogger logger, string siloName);
}
