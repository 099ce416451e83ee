namespace Cluster.Contracts.Internal;

/// <summary>
/// Usage a gateway asks for with <see cref="InternalHeaders.ReportUsage"/> on an event stream whose client did not ask
/// for it (no stream_options.include_usage): the silo writes it as one SSE comment line before "data: [DONE]", which the
/// gateway reads and removes, so the client receives exactly the stream it asked for and its key is charged all the same.
/// </summary>
public static class ReportedUsage
{
    /// <summary>How the line starts; the usage object (OpenAI's shape) follows, then "\n".</summary>
    public static ReadOnlySpan<byte> CommentPrefix => ": cluster-usage "u8;
}
