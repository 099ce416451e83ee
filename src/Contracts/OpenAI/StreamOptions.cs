namespace Cluster.Contracts.OpenAI;

/// <summary>Streaming options of a request.</summary>
public sealed record StreamOptions
{
    /// <summary>Send a last chunk with usage and no choices before [DONE].</summary>
    public bool? IncludeUsage { get; init; }
}
