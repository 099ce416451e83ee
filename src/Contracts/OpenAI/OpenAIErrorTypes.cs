namespace Cluster.Contracts.OpenAI;

/// <summary>The values of <see cref="ErrorDetail.Type"/>.</summary>
public static class OpenAIErrorTypes
{
    /// <summary>The request is wrong (400, 404, 405, 413).</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>Too many requests (429).</summary>
    public const string RateLimit = "rate_limit_error";

    /// <summary>The server cannot answer now or failed (500, 503).</summary>
    public const string Server = "server_error";
}
