namespace Cluster.Gateway.Forwarding;

/// <summary>How a silo's response body is framed.</summary>
internal enum ResponseFormat
{
    /// <summary>One JSON document.</summary>
    Json,

    /// <summary>Server-sent events (text/event-stream).</summary>
    Sse,

    /// <summary>Newline-delimited JSON (the interactive API's stream).</summary>
    Ndjson,
}
