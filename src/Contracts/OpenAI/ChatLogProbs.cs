namespace Cluster.Contracts.OpenAI;

/// <summary>A chat choice's (or chunk's) log probabilities: one entry per generated token.</summary>
public sealed record ChatLogProbs
{
    /// <summary>The tokens of the content, in order.</summary>
    public required IReadOnlyList<ChatTokenLogProb> Content { get; init; }
}
