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
/// the HTTP response. A session that lives on another silo runs its turn there through Orleans (<see cref="ISessionRelay"/>):
/// gateways route turns to the owner, so that path serves direct callers and stale routes.
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
    /// The session's accepted turn and the history tokens it continues from, or the error: 404 when the session is another
    /// key's, 400 (param "model") when it talks to another model, 503 when no silo serves its model, 409 session_moved while
    /// it is migrating, or the admission's refusal. The turn's prompt is the session's history plus <paramref name="messages"/>;
    /// <paramref name="toolPreamble"/> describes the tools the turn offers, which the session declares once.
    /// A session held by another silo runs its turn there, relayed through Orleans.
    /// </summary>
    public async Task<(Admission? Admission, int HistoryTokens, OpenAIErrorResult? Error)> StartAsync(HttpContext httpContext, string key, string sessionId,
        IModelHost model, IReadOnlyList<ChatMessage> messages, GenerationRequest request, string promptParam, IReadOnlyList<ReadOnlyMemory<byte>>? images = null,
        string? toolPreamble = null)
    {
        images ??= [];
        ArgumentNullException.ThrowIfNull(model);
        var (grain, claim) = Resolve(httpContext, key, model.ModelId);
        var location = await WithPlacementAsync(model.ModelId, () => grain.LocateAsync(claim, httpContext.RequestAborted)).ConfigureAwait(false);
        if (Refusal(location.Status, sessionId, location.Model, model.ModelId) is { } refused)
        {
            return (null, 0, refused);
        }

        if (location.Silo != silo.Key || sessions.Find(key) is not { } session)
        {
            httpContext.Response.Headers[InternalHeaders.Owner] = location.HttpAddress;
            return await RelayAsync(httpContext, key, sessionId, model, new RelayedTurn(claim, [.. messages.Select(Stored)], request, [.. images.Select(file => file.ToArray())], toolPreamble), promptParam)
                .ConfigureAwait(false);
        }

        var admission = await session.StartTurnAsync(messages, images, request, toolPreamble, httpContext.RequestAborted).ConfigureAwait(false);
        return OpenAIErrors.FromAdmission(admission, model, promptParam) is { } refusedTurn ? (null, 0, refusedTurn) : (admission, session.TurnHistoryTokens, null);
    }

    // Runs the turn on the owner through the session grain: the first event says how it started, the rest are its chunks.
    private async Task<(Admission? Admission, int HistoryTokens, OpenAIErrorResult? Error)> RelayAsync(HttpContext httpContext, string key, string sessionId,
        IModelHost model, RelayedTurn turn, string promptParam)
    {
        var events = grains.GetGrain<ISessionRelay>(key).RunTurnAsync(turn, httpContext.RequestAborted).GetAsyncEnumerator(httpContext.RequestAborted);
        var started = false;
        try
        {
            // The call is made by the first MoveNext: a session deactivated since it was located is placed again by its model.
            if (!await WithPlacementAsync(model.ModelId, () => events.MoveNextAsync().AsTask()).ConfigureAwait(false) || events.Current.Start is not { } start)
            {
                return (null, 0, OpenAIErrors.ServerError());
            }

            if (Refusal(start.Location, sessionId, start.Model, model.ModelId) is { } refused)
            {
                return (null, 0, refused);
            }

            var admission = new Admission(start.Admission, null, start.Error, start.RetryAfter);
            if (OpenAIErrors.FromAdmission(admission, model, promptParam) is { } refusedTurn)
            {
                return (null, 0, refusedTurn);
            }

            started = true;
            return (Admission.Accepted(ChunksAsync(events)), start.HistoryTokens, null);
        }
        finally
        {
            if (!started)
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static async IAsyncEnumerable<GenerationChunk> ChunksAsync(IAsyncEnumerator<RelayedTurnEvent> events)
    {
        await using (events.ConfigureAwait(false))
        {
            while (await events.MoveNextAsync().ConfigureAwait(false))
            {
                if (events.Current.Chunk is { } chunk)
                {
                    yield return chunk;
                }
            }
        }
    }

    private async Task<T> WithPlacementAsync<T>(string model, Func<Task<T>> call)
    {
        RequestContext.Set(SessionPlacementContext.ModelKey, model);
        if (!silo.Draining)
        {
            // A new session whose turn reached this silo first (a direct caller; gateways place sessions before they route) starts here.
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.Address);
        }

        try
        {
            return await call().ConfigureAwait(false);
        }
        finally
        {
            RequestContext.Remove(SessionPlacementContext.ModelKey);
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private static OpenAIErrorResult? Refusal(SessionLocationStatus status, string sessionId, string sessionModel, string requestedModel) => status switch
    {
        SessionLocationStatus.NotFound => OpenAIErrors.SessionNotFound(sessionId),
        SessionLocationStatus.OtherModel => OpenAIErrors.SessionOnOtherModel(sessionId, sessionModel, requestedModel),
        SessionLocationStatus.NoSilo => OpenAIErrors.SessionModelUnavailable(sessionId, requestedModel),
        _ => null,
    };

    private static SessionMessage Stored(ChatMessage message) => new(message.Role, message.Content);
}
