using System.Buffers;
using System.IO.Pipelines;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cluster.Contracts.OpenAI;
using Cluster.Silo.Errors;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cluster.Silo.Streaming;

/// <summary>
/// Streams events as OpenAI does: text/event-stream, one "data: {json}\n\n" per event, flushed as it comes, then
/// "data: [DONE]\n\n". A client abort ends it quietly; a failure after the headers becomes a "data: {"error":…}" event.
/// </summary>
internal sealed class EventStreamResult<T>(IAsyncEnumerable<T> events, JsonTypeInfo<T> typeInfo)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "text/event-stream";

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Not a ProducesResponseTypeMetadata: OpenAPI keeps one per status code, and 200 already documents the JSON answer.
        builder.Metadata.Add(new EventStreamMetadata(typeof(T)));
    }

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
            await foreach (var item in events.WithCancellation(aborted).ConfigureAwait(false))
            {
                WriteEvent(body, json, item, typeInfo);
                var flush = await body.FlushAsync(aborted).ConfigureAwait(false);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return;
                }
            }

            body.Write("data: [DONE]\n\n"u8);
            await body.FlushAsync(aborted).ConfigureAwait(false);
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

            // The status line is gone; the error travels as an event, as OpenAI sends it.
            WriteEvent(body, json, new ErrorResponse { Error = OpenAIErrors.GenerationFailed().Error }, OpenAIJson.Context.ErrorResponse);
            await body.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static void WriteEvent<TEvent>(PipeWriter body, Utf8JsonWriter json, TEvent item, JsonTypeInfo<TEvent> itemTypeInfo)
    {
        body.Write("data: "u8);
        json.Reset(body);
        JsonSerializer.Serialize(json, item, itemTypeInfo);
        json.Flush();
        body.Write("\n\n"u8);
    }
}
