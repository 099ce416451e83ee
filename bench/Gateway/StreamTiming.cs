namespace Cluster.Bench.Gateway;

/// <summary>One streamed answer's timing in milliseconds: to the first text chunk, and between text chunks.</summary>
internal sealed record StreamTiming(double FirstChunk, IReadOnlyList<double> Gaps);
