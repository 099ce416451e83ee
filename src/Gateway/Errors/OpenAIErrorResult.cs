using Cluster.Contracts.OpenAI;

namespace Cluster.Gateway.Errors;

/// <summary>An endpoint result that writes the OpenAI error shape.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="Type">OpenAI error type.</param>
/// <param name="Message">What went wrong and what to do.</param>
/// <param name="Code">Machine-readable code, or null.</param>
/// <param name="Param">The offending parameter, or null.</param>
internal sealed record OpenAIErrorResult(int Status, string Type, string Message, string? Code = null, string? Param = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => OpenAIErrors.WriteAsync(httpContext, Status, Type, Message, Code, Param);

    public static OpenAIErrorResult NotFound(string message, string code, string? param = null) => new(StatusCodes.Status404NotFound, OpenAIErrorTypes.InvalidRequest, message, code, param);

    public static OpenAIErrorResult BadRequest(string message, string? param = null) => new(StatusCodes.Status400BadRequest, OpenAIErrorTypes.InvalidRequest, message, "invalid_request", param);
}
