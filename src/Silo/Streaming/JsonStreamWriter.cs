using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cluster.Contracts.Internal;
using Cluster.Contracts.OpenAI;
using Cluster.Silo.Errors;
using Microsoft.AspNetCore.Http.Features;

namespace Cluster.Silo.Streaming;

/// <summary>
/// Writes a stream of JSON items to the response unbuffered, one framed item per flush. A client abort ends it quietly;
/// a failure before the headers becomes an OpenAI error response, after them a last framed {"error":…} item.
/// </summary>
internal static class JsonStreamWriter
{
    public static async Task WriteAsync<T>(HttpContext httpContext, IAsyncEnumerable<T> items, JsonTypeInfo<T> typeInfo, string contentType, JsonFraming framing,
        StreamUsage? usage = null)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
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
                Write(body, json, item, typeInfo, framing);
                var flush = await body.FlushAsync(aborted).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return;
                }
            }

            if (usage?.ForGateway is { } reported)
            {
                body.Write(ReportedUsage.CommentPrefix);
                json.Reset(body);
                JsonSerializer.Serialize(json, reported, OpenAIJson.Context.Usage);
                json.Flush();
                body.Write("\n"u8);
            }

            if (framing.Trailer.Length > 0)
            {
                body.Write(framing.Trailer);
                await body.FlushAsync(aborted).ConfigureAwait(false);
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

            // The status line is gone; the error travels as the last item, as OpenAI sends it.
            Write(body, json, new ErrorResponse { Error = OpenAIErrors.GenerationFailed().Error }, OpenAIJson.Context.ErrorResponse, framing);
            await body.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void Write<TItem>(PipeWriter body, Utf8JsonWriter json, TItem item, JsonTypeInfo<TItem> typeInfo, JsonFraming framing)
    {
        body.Write(framing.Prefix);
        json.Reset(body);
        JsonSerializer.Serialize(json, item, typeInfo);
        json.Flush();
        body.Write(framing.Suffix);
    }
}
