using Cluster.Silo.Streaming;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cluster.Silo.OpenApi;

/// <summary>Adds the text/event-stream form of the 200 answer to operations that can stream.</summary>
internal sealed class EventStreamOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<EventStreamMetadata>().FirstOrDefault() is not { } stream
            || operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse ok)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(stream.EventType, null, cancellationToken).ConfigureAwait(false);
        ok.Content ??= new Dictionary<string, OpenApiMediaType>();
        ok.Content["text/event-stream"] = new OpenApiMediaType { Schema = schema };
        ok.Description = "The answer as JSON, or with stream set as server-sent events (data: {chunk}, then data: [DONE]).";
    }
}
