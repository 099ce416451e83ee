using Cluster.Contracts.OpenAI;
using Cluster.Grains.Silos;
using Microsoft.AspNetCore.Http.Features;

namespace Cluster.Gateway.Errors;

/// <summary>Turns unhandled exceptions and empty error responses (unknown routes, wrong methods) into the OpenAI shape.</summary>
internal sealed partial class ErrorShapeMiddleware(RequestDelegate next, ILogger<ErrorShapeMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // A client abort is not an error.
            return;
        }
        catch (BadHttpRequestException ex)
        {
            await WriteBadRequestAsync(context, ex);
            return;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException || (ex is ArgumentException && NotConnectedYet(context)))
        {
            // The cluster did not answer (no silo reachable yet, or one just died): the caller may retry shortly. Until the
            // client first reaches a silo it knows no grain types, so asking for a grain fails with an ArgumentException.
            LogClusterUnavailable(logger, ex, context.Request.Path);
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, OpenAIErrorTypes.Server,
                "The cluster did not answer in time; retry after the time in Retry-After.", "cluster_unavailable", retryAfter: TimeSpan.FromSeconds(1));
            return;
        }
        catch (Exception ex)
        {
            LogUnhandled(logger, ex, context.Request.Path);
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status500InternalServerError, OpenAIErrorTypes.Server, "The gateway failed to handle the request.", "internal_error");
            return;
        }

        var response = context.Response;
        if (!response.HasStarted && response.StatusCode >= 400 && response.ContentLength is null && response.ContentType is null)
        {
            var (message, code) = response.StatusCode switch
            {
                StatusCodes.Status404NotFound => ($"No route for {context.Request.Method} {context.Request.Path}.", "not_found"),
                StatusCodes.Status405MethodNotAllowed => ($"{context.Request.Method} is not allowed on {context.Request.Path}.", "method_not_allowed"),
                _ => (ReasonPhrase(context), "error"),
            };
            var type = response.StatusCode >= 500 ? OpenAIErrorTypes.Server : OpenAIErrorTypes.InvalidRequest;
            await OpenAIErrors.WriteAsync(context, response.StatusCode, type, message, code);
        }
    }

    private static bool NotConnectedYet(HttpContext context) => context.RequestServices.GetRequiredService<SiloCatalog>().Refreshes == 0;

    private static Task WriteBadRequestAsync(HttpContext context, BadHttpRequestException ex) => ex.StatusCode == StatusCodes.Status413PayloadTooLarge
        ? OpenAIErrors.WriteAsync(context, ex.StatusCode, OpenAIErrorTypes.InvalidRequest, "The request body is too large.", "request_too_large")
        : OpenAIErrors.WriteAsync(context, ex.StatusCode, OpenAIErrorTypes.InvalidRequest, ex.Message, "bad_request");

    private static string ReasonPhrase(HttpContext context) =>
        context.Features.Get<IHttpResponseFeature>()?.ReasonPhrase ?? Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(context.Response.StatusCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The cluster did not answer a call for {Path}")]
    private static partial void LogClusterUnavailable(ILogger logger, Exception exception, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);
}
