using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cluster.Contracts.OpenAI;
using Cluster.Silo.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Cluster.Silo.Streaming;

/// <summary>
/// Streams items as newline-delimited JSON (application/x-ndjson): one object per line, flushed as it comes. A client
/// abort ends it quietly; a failure after the headers becomes a last {"error":…} line.
/// </summary>
internal sealed class NdjsonResult<T>(IAsyncEnumerable<T> items, JsonTypeInfo<T> typeInfo) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/x-ndjson";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var aborted = httpContext.RequestAborted;
        var logger = httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(EventStreamLog.Category);
        var body = response.BodyWriter;
        using var json = new Utf8JsonWriter(body);
        try
        {
            await foreach (var item in items.WithCancellation(aborted).ConfigureAwait(false))
            {
                WriteLine(body, json, item, typeInfo);
                var flush = await body.FlushAsync(aborted).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (aborted.IsCancellationRequested && error is OperationCanceledException or IOException)
        {
            EventStreamLog.ClientAborted(logger, httpContext.Request.Path);
        }
        catch (Exception error) when (!aborted.IsCancellationRequested)
        {
            EventStreamLog.StreamFailed(logger, httpContext.Request.Path, error);
            if (!response.HasStarted)
            {
                await OpenAIErrors.WriteAsync(httpContext, OpenAIErrors.GenerationFailed()).ConfigureAwait(false);
                return;
            }

            WriteLine(body, json, new ErrorResponse { Error = OpenAIErrors.GenerationFailed().Error }, OpenAIJson.Context.ErrorResponse);
            await body.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void WriteLine<TItem>(PipeWriter body, Utf8JsonWriter json, TItem item, JsonTypeInfo<TItem> itemTypeInfo)
    {
        json.Reset(body);
        JsonSerializer.Serialize(json, item, itemTypeInfo);
        json.Flush();
        body.Write("\n"u8);
    }
}
