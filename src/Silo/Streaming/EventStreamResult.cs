using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace Cluster.Silo.Streaming;

/// <summary>
/// Streams events as OpenAI does: text/event-stream, one "data: {json}\n\n" per event, flushed as it comes, then
/// "data: [DONE]\n\n". A client abort ends it quietly; a failure after the headers becomes a "data: {"error":…}" event.
/// </summary>
internal sealed class EventStreamResult<T>(IAsyncEnumerable<T> events, JsonTypeInfo<T> typeInfo, StreamUsage? usage = null)
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

    public Task ExecuteAsync(HttpContext httpContext) =>
        JsonStreamWriter.WriteAsync(httpContext, events, typeInfo, ContentType, JsonFraming.EventStream, usage);
}
