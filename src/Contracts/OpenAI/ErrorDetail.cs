using System.Text.Json.Serialization;

namespace Cluster.Contracts.OpenAI;

/// <summary>What went wrong; param and code are always written, null when they do not apply.</summary>
public sealed record ErrorDetail
{
    /// <summary>What is wrong and what to change.</summary>
    public required string Message { get; init; }

    /// <summary>The error class, one of <see cref="OpenAIErrorTypes"/>.</summary>
    public required string Type { get; init; }

    /// <summary>The request field at fault.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Param { get; init; }

    /// <summary>A machine-readable code such as "model_not_found".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Code { get; init; }
}
