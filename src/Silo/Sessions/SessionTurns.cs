using Cluster.Contracts.Internal;
using Cluster.Grains.Models;
using Cluster.Grains.Sessions;
using Cluster.Grains.Silos;
using Cluster.Inference.Generation;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;
using Orleans.Runtime.Placement;

namespace Cluster.Silo.Sessions;

/// <summary>
/// Starts a turn of a session on this silo: asks the session grain where the session lives (activating and placing it when
/// new; another API key's session does not exist), then runs the turn on the local runtime, whose tokens stream straight to
/// the HTTP response. A session that lives elsewhere is refused with 409 session_moved naming its owner, which gateways follow.
/// </summary>
internal sealed class SessionTurns(IGrainFactory grains, LocalSessions sessions, LocalSilo silo)
{
    /// <summary>The HTTP header that names a chat completion's session.</summary>
    public const string SessionIdHeader = "X-Session-Id";

    /// <summary>The session grain of <paramref name="key"/>, with the claim of this request's caller for <paramref name="model"/>.</summary>
    public (ISessionGrain Grain, SessionClaim Claim) Resolve(HttpContext httpContext, string key, string model)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var caller = httpContext.Request.Headers[InternalHeaders.Caller].ToString();
        return (grains.GetGrain<ISessionGrain>(key), new SessionClaim(caller.Length > 0 ? caller : null, model));
    }

    /// <summary>
    /// The session's runtime and its accepted turn, or the error: 404 when the session is another key's, 400 (param "model")
    /// when it talks to another model, 409 session_moved when it lives on (or is moving to) another silo, 503 when no silo
    /// serves its model, or the admission's refusal. The turn's prompt is the session's history plus <paramref name="messages"/>.
    /// </summary>
    public async Task<(SessionRuntime? Session, Admission? Admission, OpenAIErrorResult? Error)> StartAsync(HttpContext httpContext, string key, string sessionId,
        IModelHost model, IReadOnlyList<ChatMessage> messages, GenerationRequest request, string promptParam)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (grain, claim) = Resolve(httpContext, key, model.ModelId);
        RequestContext.Set(SessionPlacementContext.ModelKey, model.ModelId);
        if (!silo.Draining)
        {
            // A new session whose turn reached this silo first (a direct caller; gateways place sessions before they route) starts here.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.Address);
        }

        SessionLocation location;
        try
        {
            location = await grain.LocateAsync(claim, httpContext.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            RequestContext.Remove(SessionPlacementContext.ModelKey);
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        switch (location.Status)
        {
            case SessionLocationStatus.NotFound:
                return (null, null, OpenAIErrors.SessionNotFound(sessionId));
            case SessionLocationStatus.OtherModel:
                return (null, null, OpenAIErrors.SessionOnOtherModel(sessionId, location.Model, model.ModelId));
            case SessionLocationStatus.NoSilo:
                return (null, null, OpenAIErrors.SessionModelUnavailable(sessionId, model.ModelId));
        }

        if (location.Silo != silo.Key || sessions.Find(key) is not { } session)
        {
            return (null, null, Moved(httpContext, sessionId, location.HttpAddress));
        }

        var admission = await session.StartTurnAsync(messages, request, httpContext.RequestAborted).ConfigureAwait(false);
        if (admission.Status == AdmissionStatus.SessionMoved)
        {
            return (null, null, Moved(httpContext, sessionId, null));
        }

        return OpenAIErrors.FromAdmission(admission, model, promptParam) is { } refused ? (null, null, refused) : (session, admission, null);
    }

    private static OpenAIErrorResult Moved(HttpContext httpContext, string sessionId, string? owner)
    {
        if (owner is { Length: > 0 })
        {
            httpContext.Response.Headers[InternalHeaders.Owner] = owner;
        }

        return OpenAIErrors.SessionMoved(sessionId);
    }
}
