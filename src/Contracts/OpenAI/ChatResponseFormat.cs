namespace Cluster.Contracts.OpenAI;

/// <summary>response_format: "text", "json_object" (any JSON object) or "json_schema" (values of a schema), enforced while sampling.</summary>
public sealed record ChatResponseFormat
{
    /// <summary>"text", "json_object" or "json_schema".</summary>
    public string? Type { get; init; }

    /// <summary>The schema, with type "json_schema".</summary>
    public ChatResponseJsonSchema? JsonSchema { get; init; }
}
