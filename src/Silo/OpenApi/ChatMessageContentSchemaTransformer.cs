using Cluster.Contracts.OpenAI;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Cluster.Silo.OpenApi;

/// <summary>Describes message content as it is on the wire (a string or a list of parts), not as the record that holds it.</summary>
internal sealed class ChatMessageContentSchemaTransformer : IOpenApiSchemaTransformer
{
    public async Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type != typeof(ChatMessageContent))
        {
            return;
        }

        var parts = await context.GetOrCreateSchemaAsync(typeof(IReadOnlyList<ChatContentPart>), null, cancellationToken).ConfigureAwait(false);
        schema.Type = null;
        schema.Properties?.Clear();
        schema.OneOf = [new OpenApiSchema { Type = JsonSchemaType.String }, parts];
    }
}
