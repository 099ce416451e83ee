using Cluster.Contracts.OpenAI;
using Cluster.Grains.Sessions;

namespace Cluster.Silo.Errors;

internal static partial class OpenAIErrors
{
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
