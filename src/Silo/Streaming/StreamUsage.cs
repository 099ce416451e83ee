using Cluster.Contracts.Internal;
using Cluster.Contracts.OpenAI;
using Cluster.Inference.Generation;
using Cluster.Silo.Generation;

namespace Cluster.Silo.Streaming;

/// <summary>
/// Where a stream's usage goes once every choice has ended: a chunk of its own when the client asked
/// (stream_options.include_usage), else a comment for the gateway when it asked (<see cref="InternalHeaders.ReportUsage"/>),
/// else nowhere. Choices end on their own readers, so their summaries are gathered under a lock.
/// </summary>
internal sealed class StreamUsage(bool clientAsked, bool gatewayAsked, int choices)
{
    private readonly Lock _lock = new();
    private readonly GenerationSummary[] _summaries = new GenerationSummary[choices];
    private int _ended;

    /// <summary>The usage to write as a comment for the gateway before the stream's end, once known.</summary>
    public Usage? ForGateway { get; private set; }

    /// <summary>Reads who asked for the usage of this request's stream.</summary>
    public static StreamUsage For(HttpContext httpContext, StreamOptions? options, int choices)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return new StreamUsage(options?.IncludeUsage == true, httpContext.Request.Headers.ContainsKey(InternalHeaders.ReportUsage), choices);
    }

    /// <summary>Takes one choice's summary; after the last one, returns the request's usage when the client gets it as a chunk.</summary>
    public Usage? Deliver(GenerationSummary summary, int choice)
    {
        lock (_lock)
        {
            _summaries[choice] = summary;
            if (++_ended < _summaries.Length)
            {
                return null;
            }
        }

        var usage = OpenAIWire.Usage(_summaries);
        if (!clientAsked && gatewayAsked)
        {
            ForGateway = usage;
        }

        return clientAsked ? usage : null;
    }
}
