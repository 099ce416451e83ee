namespace Cluster.Contracts.OpenAI;

/// <summary>The function a tool call names and its arguments as a JSON text.</summary>
public sealed record ChatFunctionCall
{
    /// <summary>The function's name.</summary>
    public string? Name { get; init; }

    /// <summary>The arguments object, as JSON text.</summary>
    public string? Arguments { get; init; }
}
