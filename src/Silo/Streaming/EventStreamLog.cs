namespace Cluster.Silo.Streaming;

/// <summary>Log messages of event streams.</summary>
internal static partial class EventStreamLog
{
    public const string Category = "Cluster.Silo.Streaming.EventStream";

    [LoggerMessage(Level = LogLevel.Debug, Message = "Client aborted the stream of {Path}")]
    public static partial void ClientAborted(ILogger logger, PathString path);

    [LoggerMessage(Level = LogLevel.Error, Message = "The stream of {Path} failed after the response started")]
    public static partial void StreamFailed(ILogger logger, PathString path, Exception error);
}
