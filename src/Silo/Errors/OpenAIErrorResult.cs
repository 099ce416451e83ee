using Cluster.Contracts.OpenAI;

namespace Cluster.Silo.Errors;

/// <summary>An error answer in the OpenAI shape; written by <see cref="OpenAIErrors.WriteAsync"/>.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="Error">The body's "error" object.</param>
/// <param name="RetryAfter">Sent as Retry-After (whole seconds) when set.</param>
internal sealed record OpenAIErrorResult(int StatusCode, ErrorDetail Error, TimeSpan? RetryAfter = null)
    : IResult, IStatusCodeHttpResult
{
    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) => OpenAIErrors.WriteAsync(httpContext, this);
}
