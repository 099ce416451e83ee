using System.Globalization;
using Cluster.Contracts.OpenAI;
using Cluster.Grains.Sessions;

namespace Cluster.Silo.Errors;

internal static partial class OpenAIErrors
{
    /// <summary>The code of <see cref="SessionMoved"/>, which gateways look for.</summary>
    public const string SessionMovedCode = "session_moved";

    private static readonly TimeSpan SessionRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>429 when the silo holds as many sessions as it may.</summary>
    public static OpenAIErrorResult SessionLimitReached() =>
        Create(StatusCodes.Status429TooManyRequests, "This server holds as many sessions as it may; end a session or retry later.",
            OpenAIErrorTypes.RateLimit, null, "session_limit_reached", SessionRetryAfter);

    /// <summary>400 when a session is used with a model other than the one it was built on.</summary>
    public static OpenAIErrorResult SessionOnOtherModel(string sessionId, string sessionModel, string requestedModel) =>
        InvalidParameter("model",
            $"The session '{sessionId}' was built on model '{sessionModel}', not '{requestedModel}'; send model '{sessionModel}' or use another session id.",
            "session_model_mismatch");

    /// <summary>404 for a session this silo does not hold.</summary>
    public static OpenAIErrorResult SessionNotFound(string sessionId) =>
        Create(StatusCodes.Status404NotFound, $"The session '{sessionId}' does not exist on this server.", OpenAIErrorTypes.InvalidRequest,
            "session_id", "session_not_found");

    /// <summary>409 for a turn of a session that is moving (or moved) to another silo: its gateway routes it to the new owner.</summary>
    public static OpenAIErrorResult SessionMoved(string sessionId) =>
        Create(StatusCodes.Status409Conflict,
            $"The session '{sessionId}' is moving (or has moved) to another server, so this one takes no more of its turns; send the turn through the gateway again.",
            OpenAIErrorTypes.InvalidRequest, "session_id", SessionMovedCode);

    /// <summary>409 when a fenced export gave up because the session's running turn did not end in time; the fence is lifted.</summary>
    public static OpenAIErrorResult SessionTurnRunning(string sessionId, TimeSpan waited) =>
        Create(StatusCodes.Status409Conflict,
            string.Create(CultureInfo.InvariantCulture,
                $"The session '{sessionId}' has a turn running that did not end within {waited.TotalSeconds:0.###} s; it was not exported and keeps serving here. Retry the hand-over later."),
            OpenAIErrorTypes.InvalidRequest, "session_id", "session_turn_running", SessionRetryAfter);

    /// <summary>409 when another move holds the session's fence (a second gateway draining the same silo).</summary>
    public static OpenAIErrorResult SessionMoveInProgress(string sessionId, TimeSpan lease) =>
        Create(StatusCodes.Status409Conflict,
            string.Create(CultureInfo.InvariantCulture,
                $"The session '{sessionId}' is being moved by another hand-over; it ends the session here, lifts its fence, or its lease of {lease.TotalSeconds:0.###} s runs out. Retry later."),
            OpenAIErrorTypes.InvalidRequest, "session_id", "session_move_in_progress", SessionRetryAfter);

    /// <summary>The error for a refused import; null when it was imported.</summary>
    public static OpenAIErrorResult? FromImport(SessionImportResult result, SessionExport export, string localFingerprint)
    {
        ArgumentNullException.ThrowIfNull(export);
        return result switch
        {
            SessionImportResult.Imported => null,
            SessionImportResult.UnknownVersion => InvalidParameter("version",
                $"The session export has format version {export.Version}; this server reads version {SessionExport.CurrentVersion}.", "unknown_export_version"),
            SessionImportResult.ModelNotServed => ModelNotFound(export.ModelId),
            SessionImportResult.ModelMismatch => Create(StatusCodes.Status409Conflict,
                $"The session '{export.SessionId}' was built on model '{export.ModelId}' with fingerprint {export.ModelFingerprint}; " +
                $"this server's model '{export.ModelId}' has fingerprint {localFingerprint}, so its KV cannot be used here.",
                OpenAIErrorTypes.InvalidRequest, "model", "model_mismatch"),
            _ => Create(StatusCodes.Status409Conflict, $"The session '{export.SessionId}' already exists on this server; end it before importing it again.",
                OpenAIErrorTypes.InvalidRequest, "session_id", "session_exists"),
        };
    }
}
