using System.Text.Json;

namespace Cluster.Contracts.OpenAI;

/// <summary>A function offered to the model: its name, what it does and the JSON schema of its arguments.</summary>
public sealed record ChatFunction
{
    /// <summary>The name the model calls it by (required).</summary>
    public string? Name { get; init; }

    /// <summary>What it does, for the model.</summary>
    public string? Description { get; init; }

    /// <summary>The JSON schema of its arguments object; absent means no arguments.</summary>
    public JsonElement? Parameters { get; init; }

    /// <summary>Whether arguments must match the schema exactly (they always do when the call is forced).</summary>
    public bool? Strict { get; init; }
}
