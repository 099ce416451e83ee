namespace Cluster.Contracts.OpenAI;

/// <summary>One entry of a chat request's tools: a function the model may call.</summary>
public sealed record ChatTool
{
    /// <summary>Always "function".</summary>
    public string? Type { get; init; }

    /// <summary>The function.</summary>
    public ChatFunction? Function { get; init; }
}
