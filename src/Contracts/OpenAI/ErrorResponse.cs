namespace Cluster.Contracts.OpenAI;

/// <summary>The body of every error: {"error":{"message","type","param","code"}}.</summary>
public sealed record ErrorResponse
{
    /// <summary>The error.</summary>
    public required ErrorDetail Error { get; init; }
}
