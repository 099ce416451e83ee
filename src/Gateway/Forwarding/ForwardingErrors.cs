using Cluster.Contracts.OpenAI;
using Cluster.Gateway.Errors;
using Cluster.Gateway.Requests;
using Cluster.Gateway.Routing;

namespace Cluster.Gateway.Forwarding;

/// <summary>The OpenAI errors the forwarder answers itself: unreadable requests, routing refusals, unreachable silos.</summary>
internal static class ForwardingErrors
{
    private static readonly TimeSpan RetrySoon = TimeSpan.FromSeconds(1);

    /// <summary>Why the body could not be used.</summary>
    public static Task WriteReadErrorAsync(HttpContext context, RequestReadError error, string? detail, int maxBodyBytes) => error switch
    {
        RequestReadError.TooLarge => OpenAIErrors.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, OpenAIErrorTypes.InvalidRequest,
            $"The request body exceeds the gateway's limit of {maxBodyBytes} bytes.", "request_too_large"),
        RequestReadError.MissingModel => OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, OpenAIErrorTypes.InvalidRequest,
            detail is null ? "You must provide a model parameter." : $"This request names no model and the cluster serves several ({detail}); set model to one of them.",
            "missing_required_parameter", "model"),
        RequestReadError.InvalidField => OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, OpenAIErrorTypes.InvalidRequest,
            $"'{detail}' is missing or has the wrong type.", "invalid_type", detail),
        _ => OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, OpenAIErrorTypes.InvalidRequest,
            "We could not parse the JSON body of your request. It must be a JSON object.", "invalid_json"),
    };

    /// <summary>Why no silo was chosen.</summary>
    public static Task WriteRouteErrorAsync(HttpContext context, InferenceRequest request, RouteOutcome outcome, int tried) => outcome switch
    {
        RouteOutcome.ModelNotFound => OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, OpenAIErrorTypes.InvalidRequest,
            $"The model '{request.Model}' does not exist or no live silo serves it.", "model_not_found", "model"),
        RouteOutcome.SessionNotFound => OpenAIErrors.WriteAsync(context, StatusCodes.Status404NotFound, OpenAIErrorTypes.InvalidRequest,
            $"No session '{SessionIdOf(request)}' exists for this API key.", "session_not_found"),
        RouteOutcome.SessionModelMismatch => OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest, OpenAIErrorTypes.InvalidRequest,
            $"Session '{SessionIdOf(request)}' talks to another model than '{request.Model}'; use that model or a new session.", "session_model_mismatch", "model"),
        _ => OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, OpenAIErrorTypes.Server,
            tried > 0 ? $"The {tried} silo(s) tried could not take the request and no other is available; retry shortly." : "No silo can take this request now; retry shortly.",
            "no_silo_available", retryAfter: RetrySoon),
    };

    /// <summary>The chosen silo could not be reached and nothing else was left to try.</summary>
    public static Task WriteUnreachableAsync(HttpContext context, string siloName, bool session) => session
        ? OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, OpenAIErrorTypes.Server,
            $"Silo {siloName}, which holds this session, could not be reached and the cluster has not moved the session yet; retry shortly.", "no_silo_available", retryAfter: RetrySoon)
        : OpenAIErrors.WriteAsync(context, StatusCodes.Status502BadGateway, OpenAIErrorTypes.Server,
            $"Silo {siloName} could not be reached and no other silo was left to try.", "silo_unreachable", retryAfter: RetrySoon);

    // The client's own id: the key less its "h:" or "i:" prefix.
    private static string SessionIdOf(InferenceRequest request) => request.SessionKey is { Length: > 2 } key ? key[2..] : string.Empty;
}
