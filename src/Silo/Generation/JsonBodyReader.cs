using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Cluster.Silo.Errors;

namespace Cluster.Silo.Generation;

/// <summary>Reads a JSON request body; malformed JSON, wrong types and oversized bodies come back as errors, never as exceptions.</summary>
internal static class JsonBodyReader
{
    public static async Task<(T? Body, OpenAIErrorResult? Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync(request.Body, typeInfo, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return body is null
                ? (null, OpenAIErrors.InvalidParameter(null, "The request body must be a JSON object."))
                : (body, null);
        }
        catch (JsonException error)
        {
            return (null, OpenAIErrors.InvalidJson(error));
        }
        catch (BadHttpRequestException error)
        {
            return (null, OpenAIErrors.FromBadRequest(error, request.HttpContext));
        }
    }
}
