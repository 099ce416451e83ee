using Cluster.Grains.Models;
using Cluster.Grains.Sessions;
using Cluster.Inference.Generation;
using Cluster.Inference.Text;
using Cluster.Silo.Errors;

namespace Cluster.Silo.Sessions;

/// <summary>Starts a turn of a session on this silo (creating the session if new), with every refusal as an OpenAI error.</summary>
internal static class SessionTurns
{
    /// <summary>The HTTP header that names a chat completion's session.</summary>
    public const string SessionIdHeader = "X-Session-Id";

    /// <summary>
    /// The session and its accepted turn, or the error: 429 when the silo is full of sessions, 400 (param "model") when
    /// the session lives on another model, 409 (code session_moved) when it is moving or moved to another silo, or the admission's refusal. The turn's prompt is the session's history plus <paramref name="messages"/>.
    /// </summary>
    public static async Task<(SessionGrain? Session, Admission? Admission, OpenAIErrorResult? Error)> StartAsync(SessionDirectory sessions, string sessionId,
        IModelGrain grain, IReadOnlyList<ChatMessage> messages, GenerationRequest request, string promptParam, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(grain);
        if (sessions.GetOrCreate(sessionId, grain) is not { } session)
        {
            return (null, null, sessions.MovedAway(sessionId) ? OpenAIErrors.SessionMoved(sessionId) : OpenAIErrors.SessionLimitReached());
        }

        if (!string.Equals(session.Model.ModelId, grain.ModelId, StringComparison.Ordinal))
        {
            return (null, null, OpenAIErrors.SessionOnOtherModel(sessionId, session.Model.ModelId, grain.ModelId));
        }

        var admission = await session.StartTurnAsync(messages, request, cancellationToken).ConfigureAwait(false);
        if (admission.Status == AdmissionStatus.SessionMoved)
        {
            return (null, null, OpenAIErrors.SessionMoved(sessionId));
        }

        return OpenAIErrors.FromAdmission(admission, grain, promptParam) is { } refused ? (null, null, refused) : (session, admission, null);
    }
}
