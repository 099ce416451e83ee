using Cluster.Contracts.OpenAI;
using Cluster.Grains.Sessions;

namespace Cluster.Silo.Errors;

internal static partial class OpenAIErrors
{
    /// <summary>The code of <see cref="SessionMoved"/>, which gateways look for.</summary>
    public const string SessionMovedCode = "session_moved";

    private static readonly TimeSpan SessionRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>400 when a session is used with a model other than the one it was built on.</summary>
    public static OpenAIErrorResult SessionOnOtherModel(string sessionId, string sessionModel, string requestedModel) =>
        InvalidParameter("model",
            $"The session '{sessionId}' was built on model '{sessionModel}', not '{requestedModel}'; send model '{sessionModel}' or use another session id.",
            "session_model_mismatch");

    /// <summary>404 for a session this silo does not hold.</summary>
    public static OpenAIErrorResult SessionNotFound(string sessionId) =>
        Create(StatusCodes.Status404NotFound, $"The session '{sessionId}' does not exist on this server.", OpenAIErrorTypes.InvalidRequest,
            "session_id", "session_not_found");

    /// <summary>409 for a turn of a session that lives on (or is moving to) another silo: its gateway routes it to the new owner.</summary>
    public static OpenAIErrorResult SessionMoved(string sessionId) =>
        Create(StatusCodes.Status409Conflict,
            $"The session '{sessionId}' lives on another server (or is moving there), so this one does not take its turns; send the turn through the gateway again.",
            OpenAIErrorTypes.InvalidRequest, "session_id", SessionMovedCode);

    /// <summary>503 when no silo serves the session's model now (it keeps its history and continues once one does).</summary>
    public static OpenAIErrorResult SessionModelUnavailable(string sessionId, string model) =>
        Create(StatusCodes.Status503ServiceUnavailable,
            $"No server serves model '{model}' of session '{sessionId}' now; its history is kept. Retry after the time in Retry-After.",
            OpenAIErrorTypes.Server, "model", "no_silo_available", SessionRetryAfter);

    /// <summary>401 for a data-plane call without the cluster's secret.</summary>
    public static OpenAIErrorResult ClusterCredentialMissing() =>
        Create(StatusCodes.Status401Unauthorized,
            "This is a cluster silo: it answers the cluster's gateways only (X-Cluster-Secret). Send requests to the gateway.",
            OpenAIErrorTypes.InvalidRequest, null, "invalid_cluster_credential");

    /// <summary>404 for a KV hand-over whose stash entry was taken already or expired.</summary>
    public static OpenAIErrorResult KvNotFound() =>
        Create(StatusCodes.Status404NotFound, "No stashed KV under this handle: it was fetched already or expired.", OpenAIErrorTypes.InvalidRequest, null, "kv_not_found");
}
