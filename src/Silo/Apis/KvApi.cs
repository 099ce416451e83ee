using Cluster.Grains.Kv;
using Cluster.Silo.Errors;

namespace Cluster.Silo.Apis;

/// <summary>GET /internal/kv/{handle}: hands a migrating session's stashed KV to the silo it moved to, once.</summary>
internal static class KvApi
{
    public static IEndpointRouteBuilder MapKvApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(KvFetcher.PathPrefix + "{handle}", FetchKv)
            .WithTags("Sessions")
            .WithName("FetchSessionKv")
            .WithSummary("The KV of a migrating session (token count, tokens, llama.cpp sequence state; binary), removed from the stash as it is read.")
            .Produces(StatusCodes.Status200OK, contentType: "application/octet-stream")
            .ProducesOpenAIErrors(StatusCodes.Status404NotFound);
        return app;
    }

    public static async Task FetchKv(string handle, KvStash stash, HttpContext httpContext)
    {
        if (stash.Take(handle) is not { } snapshot)
        {
            await OpenAIErrors.WriteAsync(httpContext, OpenAIErrors.KvNotFound()).ConfigureAwait(false);
            return;
        }

        httpContext.Response.ContentType = "application/octet-stream";
        httpContext.Response.ContentLength = KvWireFormat.LengthOf(snapshot);
        await KvWireFormat.WriteAsync(snapshot, httpContext.Response.Body, httpContext.RequestAborted).ConfigureAwait(false);
    }
}
