using Cluster.Gateway.Routing;

namespace Cluster.Gateway.Forwarding;

/// <summary>The state of one try to forward a request to one silo, shared with the transformer through the request's features.</summary>
internal sealed class ForwardingAttempt(RouteDecision decision, bool canRetry, bool observeJson, string? sessionHeader, string? caller, ReadOnlyMemory<byte> body, string? bodyContentType)
{
    /// <summary>The chosen silo and why.</summary>
    public RouteDecision Decision { get; } = decision;

    /// <summary>True when another silo may still be tried if this one answers 503.</summary>
    public bool CanRetry { get; } = canRetry;

    /// <summary>True when the gateway counts this request's usage: a JSON answer is read as it passes, and a stream is asked to report
    /// its usage even when the client did not ask (<see cref="Contracts.Internal.InternalHeaders.ReportUsage"/>; the report is removed on the way).</summary>
    public bool ObserveJson { get; } = observeJson;

    /// <summary>The buffered request body sent to the silo; empty when the request has none.</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>The Content-Type sent with <see cref="Body"/>: application/json for a body the gateway parsed as JSON, else the client's.</summary>
    public string? BodyContentType { get; } = bodyContentType;

    /// <summary>An X-Session-Id to send when the session key came from elsewhere (the "user" field).</summary>
    public string? SessionHeader { get; } = sessionHeader;

    /// <summary>The authenticated API key id sent to the silo as X-Cluster-Caller; null without auth.</summary>
    public string? Caller { get; } = caller;

    /// <summary>Set by the transformer when the silo answered 503 and nothing was sent to the client.</summary>
    public bool RetryRequested { get; set; }

    /// <summary>Set by the transformer when the silo refused the session's turn as moved (409 session_moved) and nothing was sent to the client.</summary>
    public bool SessionMovedAway { get; set; }

    /// <summary>Set by the transformer when the silo ran the session's turn on its owner elsewhere (relayed): the route to it is stale.</summary>
    public bool RelayedToOwner { get; set; }

    /// <summary>The silo's status code, once its response arrived.</summary>
    public int? StatusCode { get; set; }

    /// <summary>Reads usage and answer text from the response as it passes.</summary>
    public ResponseObserver? Observer { get; set; }

    /// <summary>Stopwatch timestamp of the first response body byte read from the silo, 0 before.</summary>
    public long FirstByteAt { get; set; }

    /// <summary>Set when the silo's stream broke midway and the client got an error event instead.</summary>
    public bool StreamCut { get; set; }
}
