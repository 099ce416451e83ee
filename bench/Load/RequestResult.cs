namespace Cluster.Bench.Load;

/// <summary>One streamed request: time to first token, output tokens (content chunks) and the whole duration; Error when it failed.</summary>
internal sealed record RequestResult(double FirstTokenSeconds, int Tokens, double TotalSeconds, string? Error);
