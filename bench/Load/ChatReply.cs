namespace Cluster.Bench.Load;

/// <summary>One streamed chat turn: its timing and error, the answer text, usage (prompt and cached prompt tokens) and the silo that answered.</summary>
internal sealed record ChatReply(RequestResult Result, string Answer, int PromptTokens, int CachedTokens, string? Silo)
{
    /// <summary>Whether the whole answer arrived.</summary>
    public bool Succeeded => Result.Error is null;
}
