using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;

namespace Cluster.Silo.Errors;

/// <summary>Turns every exception that leaves an endpoint into an OpenAI error; a client abort is not an error.</summary>
internal sealed partial class OpenAIExceptionHandler(ILogger<OpenAIExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested && exception is OperationCanceledException or IOException)
        {
            LogClientAborted(logger, httpContext.Request.Method, httpContext.Request.Path);
            return true;
        }

        OpenAIErrorResult error;
        switch (exception)
        {
            case BadHttpRequestException badRequest:
                LogBadRequest(logger, badRequest.StatusCode, badRequest.Message);
                error = OpenAIErrors.FromBadRequest(badRequest, httpContext);
                break;
            case JsonException json:
                error = OpenAIErrors.InvalidJson(json);
                break;
            default:
                LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
                error = OpenAIErrors.ServerError();
                break;
        }

        await OpenAIErrors.WriteAsync(httpContext, error).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Client aborted {Method} {Path}")]
    private static partial void LogClientAborted(ILogger logger, string method, PathString path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bad request ({StatusCode}): {Reason}")]
    private static partial void LogBadRequest(ILogger logger, int statusCode, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, string method, PathString path, Exception error);
}
