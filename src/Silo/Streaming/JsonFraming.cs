namespace Cluster.Silo.Streaming;

/// <summary>How each JSON item of a stream is framed, and what closes the stream.</summary>
/// <param name="Prefix">Bytes before each item ("data: " for SSE).</param>
/// <param name="Suffix">Bytes after each item ("\n\n" for SSE, "\n" for NDJSON).</param>
/// <param name="Trailer">Bytes after the last item when the stream ends normally ("data: [DONE]\n\n" for SSE), or empty.</param>
internal sealed record JsonFraming(byte[] Prefix, byte[] Suffix, byte[] Trailer)
{
    /// <summary>OpenAI's server-sent events.</summary>
    public static readonly JsonFraming EventStream = new("data: "u8.ToArray(), "\n\n"u8.ToArray(), "data: [DONE]\n\n"u8.ToArray());

    /// <summary>Newline-delimited JSON.</summary>
    public static readonly JsonFraming Ndjson = new([], "\n"u8.ToArray(), []);
}
