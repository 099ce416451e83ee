using System.Text.Json.Serialization.Metadata;

namespace Cluster.Silo.Streaming;

/// <summary>
/// Streams items as newline-delimited JSON (application/x-ndjson): one object per line, flushed as it comes. A client
/// abort ends it quietly; a failure after the headers becomes a last {"error":…} line.
/// </summary>
internal sealed class NdjsonResult<T>(IAsyncEnumerable<T> items, JsonTypeInfo<T> typeInfo) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => "application/x-ndjson";

    public Task ExecuteAsync(HttpContext httpContext) =>
        JsonStreamWriter.WriteAsync(httpContext, items, typeInfo, ContentType, JsonFraming.Ndjson);
}
