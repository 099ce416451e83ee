using System.Collections.Frozen;
using System.Net;
using Cluster.Contracts.OpenAI;
using Cluster.Gateway.Auth;
using Cluster.Gateway.Draining;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Membership;
using Cluster.Gateway.RateLimiting;
using Cluster.Gateway.Requests;
using Cluster.Gateway.Routing;
using Cluster.Gateway.Sessions;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Cluster.Gateway.Forwarding;

/// <summary>
/// Handles every /v1 request bound for a silo: reads the body once, checks the token limit, routes, forwards through
/// YARP's <see cref="IHttpForwarder"/> (streams pass through unbuffered), and retries on another silo only while
/// nothing has reached the client (a session refused as moved follows its new owner once).
/// </summary>
internal sealed partial class SiloForwarder(
    IHttpForwarder forwarder,
    SiloHttpClient client,
    SiloTransformer transformer,
    SiloRouter router,
    SiloHealth health,
    SiloLoadTracker tracker,
    InferenceRequestReader reader,
    TokenRateLimiter tokenLimiter,
    SessionBookkeeper bookkeeper,
    SessionTurnGate turns,
    SessionOwnerWatch owners,
    IOptions<RoutingOptions> routing,
    IOptions<ForwardingOptions> forwarding,
    IOptions<LimitsOptions> limits,
    ILogger<SiloForwarder> logger)
{
    private readonly ForwarderRequestConfig _requestConfig = new()
    {
        ActivityTimeout = forwarding.Value.ActivityTimeout,
        Version = HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    /// <summary>The request delegate mapped on /v1/{**path}.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var (request, error, detail) = await reader.ReadAsync(context, cancellationToken);
        if (request is null)
        {
            await WriteReadErrorAsync(context, error, detail);
            return;
        }

        using (request)
        {
            var identity = context.Features.Get<ApiKeyIdentity>();
            if (identity is not null && tokenLimiter.TryAcquire(identity, request.EstimatedTokens) is { } wait)
            {
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status429TooManyRequests, OpenAIErrorTypes.RateLimit,
                    $"Rate limit reached for tokens per minute on this API key (limit {identity.TokensPerMinute}, this request is counted as {request.EstimatedTokens}). Retry after the time in Retry-After.",
                    "rate_limit_exceeded", retryAfter: wait);
                return;
            }

            if (request.NeedsInteractiveSessionId)
            {
                await bookkeeper.AssignInteractiveSessionAsync(request, cancellationToken);
            }

            // A session's turn and its move (drain) never overlap in this gateway.
            using var turn = request.SessionKey is { } key ? await turns.EnterAsync(key, cancellationToken) : default;
            if (await ForwardAsync(context, request, observeJson: identity is not null || request.SessionKey is not null, cancellationToken) is { } attempt)
            {
                await bookkeeper.AfterResponseAsync(context, request, attempt, identity);
            }
        }
    }

    private async Task<ForwardingAttempt?> ForwardAsync(HttpContext context, InferenceRequest request, bool observeJson, CancellationToken cancellationToken)
    {
        IReadOnlySet<string> tried = FrozenSet<string>.Empty;
        var maxAttempts = routing.Value.MaxAttempts;
        var followedMove = false;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            var (outcome, decision) = await router.RouteAsync(request, tried, cancellationToken);
            if (outcome != RouteOutcome.Routed)
            {
                await WriteRouteErrorAsync(context, request, outcome, tried.Count);
                return null;
            }

            if (decision!.SessionMoved)
            {
                await bookkeeper.RestoreHistoryAsync(request, cancellationToken);
            }

            var attempt = new ForwardingAttempt(
                decision,
                canRetry: attemptNumber < maxAttempts,
                captureContent: request.SessionKey is not null && request.Endpoint == InferenceEndpoint.ChatCompletions,
                observeJson: observeJson,
                sessionHeader: request.SessionKeySource == SessionKeySource.User ? request.SessionKey![2..] : null,
                body: request.Body,
                bodyContentType: request.Json is null ? context.Request.ContentType : "application/json");
            context.Features.Set(attempt);

            ForwarderError result;
            using (tracker.Begin(decision.Silo.Id))
            {
                result = await forwarder.SendAsync(context, decision.Silo.Address, client.Invoker, _requestConfig, transformer, cancellationToken);
            }

            if (attempt.SessionMovedAway)
            {
                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature>(null);
                if (!followedMove)
                {
                    // Once, to whichever silo the store names after the hand-over (or after the wait, should the move have failed and lifted the fence).
                    var moved = await owners.WaitForNewOwnerAsync(request.SessionKey!, decision.Silo.Id, cancellationToken);
                    LogFollowMove(logger, decision.Silo.Id, request.SessionKey!, moved);
                    followedMove = true;
                    continue;
                }

                await OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, OpenAIErrorTypes.Server,
                    $"Silo {decision.Silo.Id} refused the session as moving to another silo, and the move has not finished; retry after the time in Retry-After.",
                    "session_moving", retryAfter: owners.MaxWait);
                return null;
            }

            var refused = result is ForwarderError.Request or ForwarderError.ResponseHeaders && !context.Response.HasStarted && !cancellationToken.IsCancellationRequested;
            if (refused || attempt.StreamCut)
            {
                health.ReportTransportFailure(decision.Silo.Id);
            }

            if ((attempt.RetryRequested || refused) && attemptNumber < maxAttempts)
            {
                LogRetry(logger, decision.Silo.Id, attempt.RetryRequested ? "503" : result.ToString(), attemptNumber);
                tried = new HashSet<string>(tried, StringComparer.Ordinal) { decision.Silo.Id };
                context.Response.Clear();
                context.Features.Set<IForwarderErrorFeature>(null);
                continue;
            }

            if (refused)
            {
                context.Response.Clear();
                await OpenAIErrors.WriteAsync(context, StatusCodes.Status502BadGateway, OpenAIErrorTypes.Server,
                    $"Silo {decision.Silo.Id} could not be reached and no other silo was left to try.", "silo_unreachable", retryAfter: TimeSpan.FromSeconds(1));
            }
            else if (attempt.StreamCut)
            {
                LogStreamCut(logger, decision.Silo.Id);
            }

            return attempt;
        }
    }

    private Task WriteReadErrorAsync(HttpContext context, RequestReadError error, string? detail) => error switch
    {
        RequestReadError.TooLarge => OpenAIErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, OpenAIErrorTypes.InvalidRequest,
            $"The request body exceeds the gateway's limit of {limits.Value.MaxRequestBodyBytes} bytes.", "request_too_large"),
        RequestReadError.MissingModel => OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, OpenAIErrorTypes.InvalidRequest,
            "You must provide a model parameter.", "missing_required_parameter", "model"),
        RequestReadError.InvalidField => OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, OpenAIErrorTypes.InvalidRequest,
            $"'{detail}' is missing or has the wrong type.", "invalid_type", detail),
        _ => OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, OpenAIErrorTypes.InvalidRequest,
            "We could not parse the JSON body of your request. It must be a JSON object.", "invalid_json"),
    };

    private static Task WriteRouteErrorAsync(HttpContext context, InferenceRequest request, RouteOutcome outcome, int tried) => outcome == RouteOutcome.ModelNotFound
        ? OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, OpenAIErrorTypes.InvalidRequest,
            $"The model '{request.Model}' does not exist or no live silo serves it.", "model_not_found", "model")
        : OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, OpenAIErrorTypes.Server,
            tried > 0 ? $"The {tried} silo(s) tried could not take the request and no other is available; retry shortly." : "No silo can take this request now; retry shortly.",
            "no_silo_available", retryAfter: TimeSpan.FromSeconds(1));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Silo {SiloId} failed before answering ({Reason}); retrying elsewhere (attempt {Attempt})")]
    private static partial void LogRetry(ILogger logger, string siloId, string reason, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo {SiloId} refused session {SessionKey} as moved; retrying where the store names its owner (changed: {OwnerChanged})")]
    private static partial void LogFollowMove(ILogger logger, string siloId, string sessionKey, bool ownerChanged);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream from silo {SiloId} broke midway; the client got an error event")]
    private static partial void LogStreamCut(ILogger logger, string siloId);
}
