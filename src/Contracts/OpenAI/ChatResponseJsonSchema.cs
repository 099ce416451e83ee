using System.Text.Json;

namespace Cluster.Contracts.OpenAI;

/// <summary>response_format.json_schema: a named JSON schema the answer must match.</summary>
public sealed record ChatResponseJsonSchema
{
    /// <summary>The schema's name (required by OpenAI).</summary>
    public string? Name { get; init; }

    /// <summary>What the format is for.</summary>
    public string? Description { get; init; }

    /// <summary>The JSON schema; absent means any JSON object.</summary>
    public JsonElement? Schema { get; init; }

    /// <summary>Whether the schema must be followed exactly; here it always is, or the request is refused.</summary>
    public bool? Strict { get; init; }
}
