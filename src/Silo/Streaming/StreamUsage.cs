using Cluster.Contracts.Internal;
using Cluster.Contracts.OpenAI;

namespace Cluster.Silo.Streaming;

/// <summary>
/// Where a stream's usage goes: a chunk of its own when the client asked (stream_options.include_usage), else a
/// comment for the gateway when it asked (<see cref="InternalHeaders.ReportUsage"/>), else nowhere.
/// </summary>
internal sealed class StreamUsage(bool clientAsked, bool gatewayAsked)
{
    /// <summary>The usage to write as a comment for the gateway before the stream's end, once known.</summary>
    public Usage? ForGateway { get; private set; }

    /// <summary>Reads who asked for the usage of this request's stream.</summary>
    public static StreamUsage For(HttpContext httpContext, StreamOptions? options)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        return new StreamUsage(options?.IncludeUsage == true, httpContext.Request.Headers.ContainsKey(InternalHeaders.ReportUsage));
    }

    /// <summary>Hands over the stream's usage; true when it goes to the client as a chunk.</summary>
    public bool Deliver(Usage usage)
    {
        if (!clientAsked && gatewayAsked)
        {
            ForGateway = usage;
        }

        return clientAsked;
    }
}
